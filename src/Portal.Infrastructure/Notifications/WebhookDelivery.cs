using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Notifications;

/// <summary>
/// POSTs one notification to the webhook, each attempt within <see cref="WebhookOptions.Timeout"/>, retrying a 5xx, 408,
/// 429, timeout or connection failure up to <see cref="WebhookOptions.MaxRetries"/> times with doubling waits on the
/// injected clock. Gives up with a log line; never throws (except on shutdown) and never logs the URL (it holds a token)
/// or the body.
/// </summary>
public sealed partial class WebhookDelivery(
    IHttpClientFactory httpClients,
    IOptionsMonitor<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDelivery> logger)
{
    /// <summary>Raised when a retry is scheduled (its wait has begun on the clock), with the retry number; lets tests advance a fake clock without sleeping.</summary>
    public event Action<int>? RetryScheduled;

    public async Task DeliverAsync(RequestNotification notification, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        for (var attempt = 1; ; attempt++)
        {
            var settings = options.CurrentValue;
            if (settings.Url is null)
            {
                return; // switched off since it was queued
            }

            var failure = await AttemptAsync(settings, notification, stoppingToken);
            if (failure is null)
            {
                return;
            }

            if (!failure.Value.Retryable || attempt > settings.MaxRetries)
            {
                LogGaveUp(logger, notification.Event, notification.RequestId, attempt, failure.Value.Reason);
                return;
            }

            var delay = settings.RetryDelay(attempt);
            LogRetrying(logger, notification.Event, notification.RequestId, attempt, failure.Value.Reason, delay);
            var wait = Task.Delay(delay, time, stoppingToken);
            RetryScheduled?.Invoke(attempt);
            await wait;
        }
    }

    /// <summary>One POST; null when the webhook accepted it, else why not and whether another attempt may help.</summary>
    private async Task<(string Reason, bool Retryable)?> AttemptAsync(WebhookOptions settings, RequestNotification notification, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
        try
        {
            using var http = httpClients.CreateClient(WebhookRequestNotifier.HttpClientName);
            using var response = await http.PostAsJsonAsync(settings.Url, WebhookBody.From(notification), linked.Token);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var status = (int)response.StatusCode;
            return ($"answered {status}", status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return ($"timed out after {settings.Timeout}", true);
        }
        catch (HttpRequestException ex)
        {
            return ($"failed ({ex.HttpRequestError})", true);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook for {Event} of request {RequestId}: attempt {Attempt} {Reason}; retrying in {Delay}")]
    private static partial void LogRetrying(ILogger logger, RequestEvent @event, Guid requestId, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook for {Event} of request {RequestId}: attempt {Attempt} {Reason}; giving up, the notification is dropped")]
    private static partial void LogGaveUp(ILogger logger, RequestEvent @event, Guid requestId, int attempt, string reason);
}
