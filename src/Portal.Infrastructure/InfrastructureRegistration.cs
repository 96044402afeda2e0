using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Expiry;
using Portal.Infrastructure.Notifications;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Policies;
using Portal.Infrastructure.Refresh;

namespace Portal.Infrastructure;

public static class InfrastructureRegistration
{
    /// <summary>
    /// Everything at the edge except IONOS itself: the database and its stores, policies, notifications, the audit store,
    /// and the background services (request executor, expiry of undecided requests, cluster state refresher).
    /// </summary>
    public static IServiceCollection AddPortalInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment? environment = null)
    {
        services.AddPortalData(configuration, environment);
        services.AddPortalPolicyStores();
        services.AddPortalAuditStore();
        // The webhook notifier before the executor: the executor only adds a no-op notifier when none is registered.
        services.AddPortalNotifications();
        services.AddPortalRequestExecution(configuration);
        services.AddPortalRequestExpiry();
        services.AddPortalClusterRefresh(configuration);
        return services;
    }
}
