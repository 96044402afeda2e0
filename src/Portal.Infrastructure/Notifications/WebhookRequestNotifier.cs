using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Notifications;

/// <summary>
/// Adapter: hands each request event to the <see cref="WebhookQueue"/> and returns at once, so a slow or failing webhook
/// never delays a decision; <see cref="WebhookDeliveryService"/> posts it (with retries). When the queue is full the
/// event is dropped with a log line naming the event and request (never the URL, which holds a token, nor the body).
/// Without a URL it does nothing.
/// </summary>
public sealed partial class WebhookRequestNotifier(
    WebhookQueue queue,
    IOptionsMonitor<WebhookOptions> options,
    ILogger<WebhookRequestNotifier> logger) : IRequestNotifier
{
    /// <summary>The named HttpClient (a client per call, so singletons never hold a stale handler).</summary>
    public const string HttpClientName = "PortalWebhook";

    public Task NotifyAsync(RequestNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (options.CurrentValue.Url is not null && !queue.TryEnqueue(notification))
        {
            LogDropped(logger, queue.Capacity, notification.Event, notification.RequestId);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook queue is full ({Capacity} waiting); the {Event} notification of request {RequestId} is dropped")]
    private static partial void LogDropped(ILogger logger, int capacity, RequestEvent @event, Guid requestId);
}

/// <summary>The webhook's JSON: <c>text</c> for chat tools, the rest for anything that parses it. Never a secret.</summary>
public sealed record WebhookBody(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("requestId")] Guid RequestId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("cluster")] string Cluster,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("team")] string Team,
    [property: JsonPropertyName("requestedBy")] string RequestedBy,
    [property: JsonPropertyName("actor")] string? Actor,
    [property: JsonPropertyName("comment")] string? Comment,
    [property: JsonPropertyName("dnsName")] string? DnsName,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("occurredAt")] DateTimeOffset OccurredAt)
{
    public static WebhookBody From(RequestNotification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new WebhookBody(Summary(n), EventName(n.Event), n.RequestId, n.Kind.ToString(), n.Status.ToString(), n.ClusterName, n.Region,
            n.TeamSlug, n.RequestedByName, n.ActorName, n.Comment, n.DnsName, n.Error, n.OccurredAt);
    }

    /// <summary>"Dana DBA approved the create request for cluster orders-db (team payments, de-txl): “ok”".</summary>
    public static string Summary(RequestNotification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var what = $"the {n.Kind.ToString().ToLower(CultureInfo.InvariantCulture)} request for cluster {n.ClusterName} (team {n.TeamSlug}, {n.Region})";
        var comment = string.IsNullOrWhiteSpace(n.Comment) ? "" : $": “{OneLine(n.Comment)}”";
        return n.Event switch
        {
            RequestEvent.Submitted => $"{n.RequestedByName} submitted {what}; it waits for approval.",
            RequestEvent.Approved => $"{n.ActorName} approved {what}{comment}",
            RequestEvent.AutoApproved => $"The auto-approval policy approved {what}.",
            RequestEvent.Rejected => $"{n.ActorName} rejected {what}{comment}",
            RequestEvent.Cancelled => $"{n.RequestedByName} cancelled {what}.",
            RequestEvent.Expired => $"Expired without a decision: {what}{comment}",
            RequestEvent.Completed => $"Completed: {what}" + (n.DnsName is null ? "." : $" is ready at {n.DnsName}."),
            RequestEvent.Failed => $"Failed: {what}" + (n.Error is null ? "." : $": {OneLine(n.Error)}"),
            RequestEvent.NeedsAttention => $"Needs attention: {what}" + (n.Error is null ? "." : $": {OneLine(n.Error)}"),
            _ => $"{n.Event}: {what}.",
        };
    }

    private static string EventName(RequestEvent e) => e switch
    {
        RequestEvent.AutoApproved => "auto-approved",
        RequestEvent.NeedsAttention => "needs-attention",
        _ => e.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
