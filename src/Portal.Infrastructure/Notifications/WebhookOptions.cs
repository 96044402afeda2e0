namespace Portal.Infrastructure.Notifications;

/// <summary>
/// The optional webhook (section <c>Portal:Webhook</c>): a JSON POST on submit, decision, expiry, completion and failure,
/// in the shape Teams and Slack incoming webhooks accept. No <see cref="Url"/>: no webhook. Delivery is out of line: a
/// decision only puts the notification in a bounded in-process queue, which a background service drains.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Portal:Webhook";

    /// <summary>Where to POST (an incoming-webhook URL). Treat it as a secret: it is never logged.</summary>
    public Uri? Url { get; set; }

    /// <summary>How long one POST may take before it counts as a timeout (and is retried).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many notifications may wait for delivery; when the queue is full a new one is dropped with a log line.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Retries after a 5xx, 408, 429, timeout or connection failure (other answers are not retried).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Wait before the first retry, doubled for each further one.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based): <see cref="RetryBaseDelay"/> doubled per retry.</summary>
    public TimeSpan RetryDelay(int retry) => TimeSpan.FromTicks(RetryBaseDelay.Ticks * (1L << Math.Clamp(retry - 1, 0, 16)));
}
