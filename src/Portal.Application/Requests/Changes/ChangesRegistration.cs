using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Clusters;

namespace Portal.Application.Requests.Changes;

public static class ChangesRegistration
{
    /// <summary>Day-2 requests on an existing cluster (delete, restore) and the admin actions on it. Ports come from Infrastructure.</summary>
    public static IServiceCollection AddPortalClusterChanges(this IServiceCollection services)
    {
        services.AddScoped<DeleteClusterService>();
        services.AddScoped<RestoreClusterService>();
        services.AddScoped<ClusterAdministrationService>();
        services.AddScoped<ClusterPageQueries>();
        return services;
    }
}
