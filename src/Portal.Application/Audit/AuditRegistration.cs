using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Application.Audit;

public static class AuditRegistration
{
    /// <summary>The audit log's read side (queries, chain verifier); the ports are implemented by Infrastructure (<c>AddPortalAuditStore</c>).</summary>
    public static IServiceCollection AddPortalAuditLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<AuditLogQueries>();
        services.TryAddScoped<AuditChainVerifier>();
        return services;
    }
}
