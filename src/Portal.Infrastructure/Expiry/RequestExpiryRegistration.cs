using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Application.Requests.Expiry;

namespace Portal.Infrastructure.Expiry;

public static class RequestExpiryRegistration
{
    /// <summary>
    /// Expiry of requests nobody decided: <see cref="RequestExpiryOptions"/> (section <c>Portal:Requests</c>, validated on
    /// start), <see cref="PendingRequestExpiry"/> and its hosted sweeper. Needs <c>AddPortalPolicyStores</c> (the decision
    /// store) and an <see cref="Application.Requests.Notifications.IRequestNotifier"/>.
    /// </summary>
    public static IServiceCollection AddPortalRequestExpiry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RequestExpiryOptions>().BindConfiguration(RequestExpiryOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequestExpiryOptions>, RequestExpiryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PendingRequestExpiry>();
        services.AddHostedService<PendingApprovalExpiryService>();
        return services;
    }
}
