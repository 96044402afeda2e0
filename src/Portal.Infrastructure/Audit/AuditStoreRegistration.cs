using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Audit;

namespace Portal.Infrastructure.Audit;

public static class AuditStoreRegistration
{
    /// <summary>
    /// The audit log's ports on the portal database (needs <c>AddPortalData</c>, which also wakes the sealer on commit): the
    /// reader, the standalone append, and the sealer with its hosted loop (<see cref="AuditSealerOptions"/>, section
    /// <c>Portal:Audit</c>, validated on start).
    /// </summary>
    public static IServiceCollection AddPortalAuditStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IAuditLogReader, AuditReader>();
        services.TryAddSingleton<IAuditLog, AuditLog>();

        services.AddOptions<AuditSealerOptions>()
            .BindConfiguration(AuditSealerOptions.SectionName)
            .Validate(o => o.SealInterval > TimeSpan.Zero && o.SealInterval <= TimeSpan.FromHours(1),
                $"{AuditSealerOptions.SectionName}:{nameof(AuditSealerOptions.SealInterval)} must be more than zero and at most 01:00:00.")
            .Validate(o => o.SealPause >= TimeSpan.Zero && o.SealPause <= TimeSpan.FromSeconds(1),
                $"{AuditSealerOptions.SectionName}:{nameof(AuditSealerOptions.SealPause)} must be between 00:00:00 and 00:00:01.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AuditSealerSignal>();
        services.TryAddSingleton<AuditSealer>();
        services.AddHostedService<AuditSealerService>();
        return services;
    }
}
