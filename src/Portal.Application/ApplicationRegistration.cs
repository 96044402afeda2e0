using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Audit;
using Portal.Application.Clusters;
using Portal.Application.Offerings;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Queries;
using Portal.Application.Requests.Create;

namespace Portal.Application;

public static class ApplicationRegistration
{
    /// <summary>The application's use cases and queries. Their ports are implemented by Infrastructure.</summary>
    public static IServiceCollection AddPortalApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Needs the audit log port (Infrastructure's AddPortalAuditStore); services take it optionally.
        services.TryAddSingleton<AccessDenials>();
        services.AddScoped<OfferingsService>();
        services.AddScoped<CreateClusterService>();
        services.AddScoped<UpdateClusterService>();
        services.AddPortalRequestQueries();
        services.AddPortalRequestNews();
        services.AddPortalApprovals();
        services.AddPortalPolicies();
        services.AddPortalAuditLog();
        services.AddPortalClusterQueries();
        services.AddPortalClusterChanges();
        return services;
    }
}
