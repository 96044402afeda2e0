using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Clusters;
using Portal.Application.Requests.Changes;
using Portal.Infrastructure.Clusters;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Refresh;

public static class ClusterRefreshRegistration
{
    /// <summary>
    /// The cluster state refresher (section <c>Portal:Refresh</c>, validated on start) as a hosted service and as
    /// <see cref="IClusterRefreshSignal"/>; the election lease (PostgreSQL advisory lock, none on SQLite); the dashboard's
    /// read store; and the application's cluster queries with the singleton change feed. Needs <c>AddPortalData</c>
    /// and <c>AddPortalIonosAdapters</c>.
    /// </summary>
    public static IServiceCollection AddPortalClusterRefresh(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(ClusterRefreshOptions.SectionName);
        services.AddOptions<ClusterRefreshOptions>()
            .Bind(section)
            .Validate(o => o.BusyInterval > TimeSpan.Zero, $"{section.Path}:BusyInterval must be a positive duration such as 00:00:05.")
            .Validate(o => o.QuietInterval >= o.BusyInterval, $"{section.Path}:QuietInterval must be a duration at least as long as {section.Path}:BusyInterval, such as 00:01:00.")
            .Validate(o => o.PageSize is >= 1 and <= global::Ionos.PostgreSql.IonosPaging.MaxPageSize, $"{section.Path}:PageSize must be between 1 and 1000.")
            .Validate(o => o.LockKey != Audit.AuditTrail.ChainLockKey, $"{section.Path}:LockKey must differ from the audit chain's advisory lock key ({Audit.AuditTrail.ChainLockKey}).")
            .ValidateOnStart();

        services.AddPortalClusterQueries();
        services.TryAddSingleton<IClusterReadStore, ClusterReadStore>();
        services.TryAddSingleton<IClusterChangeStore, ClusterChangeStore>();
        services.TryAddSingleton<IRefreshLease>(provider =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return DatabaseProvider.IsPostgreSql(database.Provider)
                ? new PostgresAdvisoryLease(database.ConnectionString!, provider.GetRequiredService<IOptions<ClusterRefreshOptions>>().Value.LockKey,
                    provider.GetRequiredService<ILogger<PostgresAdvisoryLease>>())
                : new SingleReplicaLease();
        });
        services.TryAddSingleton<ClusterStateRefresher>();
        services.TryAddSingleton<IClusterRefreshSignal>(provider => provider.GetRequiredService<ClusterStateRefresher>());
        services.AddHostedService(provider => provider.GetRequiredService<ClusterStateRefresher>());
        return services;
    }
}
