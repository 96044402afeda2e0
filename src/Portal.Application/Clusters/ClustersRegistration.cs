using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Application.Clusters;

public static class ClustersRegistration
{
    /// <summary>
    /// The dashboard and cluster-page queries, and the singleton change feed (one instance behind both
    /// <see cref="IClusterChangeFeed"/> and <see cref="IClusterChangeNotifier"/>). <see cref="IClusterReadStore"/> comes from Infrastructure.
    /// </summary>
    public static IServiceCollection AddPortalClusterQueries(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ClusterChangeFeed>();
        services.TryAddSingleton<IClusterChangeFeed>(sp => sp.GetRequiredService<ClusterChangeFeed>());
        services.TryAddSingleton<IClusterChangeNotifier>(sp => sp.GetRequiredService<ClusterChangeFeed>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<ClusterQueries>();
        return services;
    }
}
