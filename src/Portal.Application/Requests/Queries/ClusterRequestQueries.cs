using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Regions;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Queries;

/// <summary>
/// Read side of cluster requests for the request page. A request is visible to members of its team and to DBAs,
/// admins and auditors; to anyone else it does not exist (the answer is the same as for an unknown id).
/// </summary>
public sealed class ClusterRequestQueries(IClusterRequestStore requests, ITeamDirectory teams)
{
    /// <summary>The request as its page shows it, or null when it does not exist or the person may not see it.</summary>
    public async Task<ClusterRequestView?> GetForUserAsync(PortalUser user, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var request = await requests.GetAsync(id, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var myTeams = await teams.GetTeamsAsync(user, cancellationToken);
        var team = myTeams.FirstOrDefault(t => t.Id == request.TeamId);
        if (team is null && !SeesAllRequests(user))
        {
            return null;
        }

        return ClusterRequestView.From(request, team, user.Id);
    }

    private static bool SeesAllRequests(PortalUser user) =>
        user.IsInRole(PortalRoles.Dba) || user.IsInRole(PortalRoles.Admin) || user.IsInRole(PortalRoles.Auditor);
}

/// <summary>A cluster request as people read it. It never holds a password (the spec has none).</summary>
public sealed record ClusterRequestView(
    Guid Id,
    ClusterRequestKind Kind,
    ClusterRequestStatus Status,
    string StatusLabel,
    Guid TeamId,
    string TeamName,
    string Region,
    string RegionLabel,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    ClusterSpec Spec,
    string? LastError,
    IReadOnlyList<RequestTimelineEntry> Timeline)
{
    public bool IsPending => Status == ClusterRequestStatus.PendingApproval;

    /// <summary>The decision (approved, by a person or by policy; rejected; cancelled; expired, with the reason as comment), or null while pending.</summary>
    public RequestDecisionView? Decision { get; init; }

    /// <summary>The latest status message IONOS reported while the cluster was being created.</summary>
    public string? StatusMessage { get; init; }

    public string? DnsName { get; init; }

    /// <summary>Approving it would exceed the team's quota (as assessed at submit).</summary>
    public bool OverQuota { get; init; }

    /// <summary>The person reading it submitted it.</summary>
    public bool IsMine { get; init; }

    /// <summary>For a change of an existing cluster: each changed field with its value when requested and the desired value.</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];

    /// <summary>The reader may withdraw it: their own, still pending.</summary>
    public bool CanCancel => IsPending && IsMine;

    public static ClusterRequestView From(ClusterRequest request, TeamOption? team, string? readerId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var view = new ClusterRequestView(
            request.Id,
            request.Kind,
            request.Status,
            StatusLabels.For(request.Status, request.Kind),
            request.TeamId,
            team?.DisplayName ?? $"Team {request.TeamId.ToString()[..8]}",
            request.Region,
            RegionNames.Describe(request.Region),
            request.RequestedByName,
            request.CreatedAt,
            request.Spec,
            request.LastError,
            TimelineOf(request));
        return view with
        {
            Decision = request.DecidedAt is { } decidedAt
                ? new RequestDecisionView(request.Status, request.DecidedByName ?? "", decidedAt, request.DecisionComment, request.AutoApproved)
                : null,
            StatusMessage = request.StatusMessage,
            DnsName = request.DnsName,
            OverQuota = request.OverQuota,
            IsMine = readerId is not null && request.IsRequestedBy(readerId),
            Changes = request.Changes(),
        };
    }

    private static List<RequestTimelineEntry> TimelineOf(ClusterRequest request)
    {
        var timeline = new List<RequestTimelineEntry> { new(request.CreatedAt, "Submitted", $"by {request.RequestedByName}") };
        if (request.DecidedAt is { } decidedAt)
        {
            var verb = request.Status switch
            {
                ClusterRequestStatus.Cancelled => "Cancelled",
                ClusterRequestStatus.Rejected => "Rejected",
                ClusterRequestStatus.Expired => "Expired",
                _ => request.AutoApproved ? "Approved by policy" : "Approved",
            };
            var detail = request.Status == ClusterRequestStatus.Expired
                ? request.DecisionComment
                : $"by {request.DecidedByName}" + (request.DecisionComment is { } comment ? $": “{comment}”" : "");
            timeline.Add(new RequestTimelineEntry(decidedAt, verb, detail));
        }

        if (request.ProvisioningStartedAt is { } provisioningAt)
        {
            timeline.Add(new RequestTimelineEntry(provisioningAt, StatusLabels.InProgress(request.Kind), StatusLabels.InProgressDetail(request.Kind)));
        }

        if (request.Status == ClusterRequestStatus.NeedsAttention)
        {
            timeline.Add(new RequestTimelineEntry(request.UpdatedAt, StatusLabels.For(request.Status, request.Kind), request.LastError));
        }

        if (request.CompletedAt is { } completedAt && request.Status is ClusterRequestStatus.Completed or ClusterRequestStatus.Failed)
        {
            var detail = request.Status == ClusterRequestStatus.Failed ? request.LastError : request.DnsName;
            timeline.Add(new RequestTimelineEntry(completedAt, StatusLabels.For(request.Status, request.Kind), detail));
        }

        return timeline;
    }
}

/// <summary>Who decided a request, when, how (by policy?), and what they said.</summary>
public sealed record RequestDecisionView(ClusterRequestStatus Outcome, string DecidedBy, DateTimeOffset DecidedAt, string? Comment, bool ByPolicy);

/// <summary>One thing that happened to a request.</summary>
public sealed record RequestTimelineEntry(DateTimeOffset At, string What, string? Detail);

/// <summary>
/// Request states in words ("Pending approval", not "PendingApproval"). While IONOS works on the request the label says
/// what happens for its kind (an update shows "Updating", not "Provisioning"); every page shows the status through this.
/// </summary>
public static class StatusLabels
{
    public static string For(ClusterRequestStatus status, ClusterRequestKind kind) => status switch
    {
        ClusterRequestStatus.PendingApproval => "Pending approval",
        ClusterRequestStatus.NeedsAttention => "Needs attention",
        ClusterRequestStatus.Provisioning => InProgress(kind),
        _ => status.ToString(),
    };

    /// <summary>What IONOS is doing while the executor follows a request of this kind.</summary>
    public static string InProgress(ClusterRequestKind kind) => kind switch
    {
        ClusterRequestKind.Update => "Updating",
        ClusterRequestKind.Delete => "Deleting",
        ClusterRequestKind.Restore => "Restoring",
        _ => "Provisioning",
    };

    /// <summary>The same in a sentence, for the request's timeline.</summary>
    public static string InProgressDetail(ClusterRequestKind kind) => kind switch
    {
        ClusterRequestKind.Update => "IONOS is applying the change",
        ClusterRequestKind.Delete => "IONOS is deleting the cluster",
        ClusterRequestKind.Restore => "IONOS is creating the cluster from the backup",
        _ => "IONOS is creating the cluster",
    };
}
