using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Infrastructure.Requests;

namespace Portal.Infrastructure.Policies;

public static class PolicyStoresRegistration
{
    /// <summary>
    /// The stores behind approvals and policies: <see cref="IPolicyStore"/>, <see cref="IQuotaUsageQuery"/>, and the
    /// approval queue (<see cref="IRequestDecisionStore"/>, implemented by the request store). Needs <c>AddPortalData</c>.
    /// </summary>
    public static IServiceCollection AddPortalPolicyStores(this IServiceCollection services)
    {
        services.TryAddSingleton<ClusterRequestStore>();
        services.AddSingleton<IRequestDecisionStore>(provider => provider.GetRequiredService<ClusterRequestStore>());
        services.AddSingleton<IPolicyStore, PolicyStore>();
        services.AddSingleton<IQuotaUsageQuery, QuotaUsageQuery>();
        return services;
    }
}
