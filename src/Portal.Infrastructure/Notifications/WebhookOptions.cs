namespace Portal.Infrastructure.Notifications;

/// <summary>
/// The optional webhook (section <c>Portal:Webhook</c>): a JSON POST on submit, decision, completion and failure, in the
/// shape Teams and Slack incoming webhooks accept. No <see cref="Url"/>: no webhook.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Portal:Webhook";

    /// <summary>Where to POST (an incoming-webhook URL). Treat it as a secret: it is never logged.</summary>
    public Uri? Url { get; set; }

    /// <summary>How long one POST may take; the caller waits at most this long. One attempt, no retries.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
