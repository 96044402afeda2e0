using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Application.Requests.Notifications;
using Portal.Application.Requests.Queries;

namespace Portal.Infrastructure.Notifications;

public static class NotificationsRegistration
{
    /// <summary>
    /// The webhook notifier (options <c>Portal:Webhook</c>: <c>Url</c>, optional, <c>Timeout</c>, <c>QueueCapacity</c>,
    /// <c>MaxRetries</c>, <c>RetryBaseDelay</c>, validated on start), its queue and the background service that delivers
    /// it, and the store behind the app bar badge. Needs <c>AddPortalData</c>.
    /// </summary>
    public static IServiceCollection AddPortalNotifications(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Url is null || (o.Url.IsAbsoluteUri && (o.Url.Scheme == Uri.UriSchemeHttps || o.Url.Scheme == Uri.UriSchemeHttp)),
                $"{WebhookOptions.Section}:Url must be an absolute http(s) URL (an incoming-webhook address), or empty for no webhook.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(1),
                $"{WebhookOptions.Section}:Timeout must be greater than 0 and at most 00:01:00 (for example 00:00:05).")
            .Validate(o => o.QueueCapacity is >= 1 and <= 100_000,
                $"{WebhookOptions.Section}:QueueCapacity must be between 1 and 100000 (for example 1000).")
            .Validate(o => o.MaxRetries is >= 0 and <= 10,
                $"{WebhookOptions.Section}:MaxRetries must be between 0 and 10 (for example 3).")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryBaseDelay <= TimeSpan.FromMinutes(5),
                $"{WebhookOptions.Section}:RetryBaseDelay must be greater than 0 and at most 00:05:00 (for example 00:00:02).")
            .ValidateOnStart();

        // No resilience handler on purpose: WebhookDelivery bounds each attempt and retries on its own clock. Registered
        // before the executor's fallback (a no-op notifier added only when none is registered), or replacing it when added later.
        services.AddHttpClient(WebhookRequestNotifier.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<WebhookDelivery>();
        services.AddHostedService<WebhookDeliveryService>();
        services.AddSingleton<IRequestNotifier, WebhookRequestNotifier>();
        services.AddSingleton<IRequestNewsStore, RequestNewsStore>();
        return services;
    }
}
