using Portal.Application.Domain.Requests;

namespace Portal.Application.Requests.Notifications;

/// <summary>
/// Port: tells the outside world that something happened to a request (the optional webhook). Called after the change
/// is stored; a notifier never throws to its caller and never blocks it for long: a failed notification is logged, not retried forever.
/// </summary>
public interface IRequestNotifier
{
    Task NotifyAsync(RequestNotification notification, CancellationToken cancellationToken);
}

/// <summary>What happened: submitted, approved (also by policy), rejected, cancelled, expired, completed, failed, needs attention.</summary>
public enum RequestEvent
{
    Submitted,
    Approved,
    AutoApproved,
    Rejected,
    Cancelled,
    Completed,
    Failed,
    NeedsAttention,
    Expired,
}

/// <summary>The facts a notification carries: never a secret.</summary>
public sealed record RequestNotification(
    RequestEvent Event,
    Guid RequestId,
    ClusterRequestKind Kind,
    ClusterRequestStatus Status,
    string ClusterName,
    string Region,
    string TeamSlug,
    string RequestedByName,
    string? ActorName,
    string? Comment,
    string? DnsName,
    string? Error,
    DateTimeOffset OccurredAt);
