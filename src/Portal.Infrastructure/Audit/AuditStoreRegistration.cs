using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Audit;

namespace Portal.Infrastructure.Audit;

public static class AuditStoreRegistration
{
    /// <summary>The audit log's ports on the portal database (needs <c>AddPortalData</c>): the reader and the standalone append.</summary>
    public static IServiceCollection AddPortalAuditStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IAuditLogReader, AuditReader>();
        services.TryAddSingleton<IAuditLog, AuditLog>();
        return services;
    }
}
