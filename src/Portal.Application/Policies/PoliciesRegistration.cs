using Microsoft.Extensions.DependencyInjection;

namespace Portal.Application.Policies;

public static class PoliciesRegistration
{
    /// <summary>Team quotas and the auto-approval rule; their ports (<see cref="IPolicyStore"/>, <see cref="IQuotaUsageQuery"/>) are implemented by Infrastructure.</summary>
    public static IServiceCollection AddPortalPolicies(this IServiceCollection services)
    {
        services.AddScoped<PolicyService>();
        return services;
    }
}
