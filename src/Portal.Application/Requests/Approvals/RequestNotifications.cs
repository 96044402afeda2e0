using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Notifications;

namespace Portal.Application.Requests.Approvals;

/// <summary>Builds a <see cref="RequestNotification"/> from a request as it is now (never a secret: the request holds none).</summary>
public static class RequestNotifications
{
    public static RequestNotification For(RequestEvent what, ClusterRequest request, string teamSlug, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decided = what is RequestEvent.Approved or RequestEvent.AutoApproved or RequestEvent.Rejected or RequestEvent.Cancelled
            or RequestEvent.Expired;
        return new RequestNotification(
            what,
            request.Id,
            request.Kind,
            request.Status,
            request.ClusterName,
            request.Region,
            teamSlug,
            request.RequestedByName,
            what == RequestEvent.Submitted ? request.RequestedByName : decided ? request.DecidedByName : null,
            decided ? request.DecisionComment : null,
            request.DnsName,
            what is RequestEvent.Failed or RequestEvent.NeedsAttention ? request.LastError : null,
            occurredAt);
    }
}
