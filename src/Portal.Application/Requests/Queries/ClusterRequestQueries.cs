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

        return ClusterRequestView.From(request, team);
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

    public static ClusterRequestView From(ClusterRequest request, TeamOption? team)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ClusterRequestView(
            request.Id,
            request.Kind,
            request.Status,
            StatusLabels.For(request.Status),
            request.TeamId,
            team?.DisplayName ?? $"Team {request.TeamId.ToString()[..8]}",
            request.Region,
            RegionNames.Describe(request.Region),
            request.RequestedByName,
            request.CreatedAt,
            request.Spec,
            request.LastError,
            TimelineOf(request));
    }

    private static List<RequestTimelineEntry> TimelineOf(ClusterRequest request)
    {
        var timeline = new List<RequestTimelineEntry> { new(request.CreatedAt, "Submitted", $"by {request.RequestedByName}") };
        if (request.DecidedAt is { } decidedAt)
        {
            var verb = request.Status == ClusterRequestStatus.Cancelled ? "Cancelled"
                : request.Status == ClusterRequestStatus.Rejected ? "Rejected"
                : request.AutoApproved ? "Approved automatically" : "Approved";
            var detail = $"by {request.DecidedByName}" + (request.DecisionComment is { } comment ? $": “{comment}”" : "");
            timeline.Add(new RequestTimelineEntry(decidedAt, verb, detail));
        }

        if (request.CompletedAt is { } completedAt && request.Status is ClusterRequestStatus.Completed or ClusterRequestStatus.Failed)
        {
            timeline.Add(new RequestTimelineEntry(completedAt, StatusLabels.For(request.Status), request.Status == ClusterRequestStatus.Failed ? request.LastError : null));
        }

        return timeline;
    }
}

/// <summary>One thing that happened to a request.</summary>
public sealed record RequestTimelineEntry(DateTimeOffset At, string What, string? Detail);

/// <summary>Request states in words ("Pending approval", not "PendingApproval").</summary>
public static class StatusLabels
{
    public static string For(ClusterRequestStatus status) => status switch
    {
        ClusterRequestStatus.PendingApproval => "Pending approval",
        ClusterRequestStatus.NeedsAttention => "Needs attention",
        _ => status.ToString(),
    };
}
