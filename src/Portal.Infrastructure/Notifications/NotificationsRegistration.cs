using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Requests.Notifications;
using Portal.Application.Requests.Queries;

namespace Portal.Infrastructure.Notifications;

public static class NotificationsRegistration
{
    /// <summary>
    /// The webhook notifier (options <c>Portal:Webhook:Url</c>, optional, and <c>Portal:Webhook:Timeout</c>, validated on
    /// start) and the store behind the app bar badge. Needs <c>AddPortalData</c>.
    /// </summary>
    public static IServiceCollection AddPortalNotifications(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Url is null || (o.Url.IsAbsoluteUri && (o.Url.Scheme == Uri.UriSchemeHttps || o.Url.Scheme == Uri.UriSchemeHttp)),
                $"{WebhookOptions.Section}:Url must be an absolute http(s) URL (an incoming-webhook address), or empty for no webhook.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(1),
                $"{WebhookOptions.Section}:Timeout must be greater than 0 and at most 00:01:00 (for example 00:00:05).")
            .ValidateOnStart();

        // No resilience handler on purpose: one attempt, bounded by the notifier's own timeout. Registered before the
        // executor's fallback (a no-op notifier added only when none is registered), or replacing it when added later.
        services.AddHttpClient(WebhookRequestNotifier.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IRequestNotifier, WebhookRequestNotifier>();
        services.AddSingleton<IRequestNewsStore, RequestNewsStore>();
        return services;
    }
}
