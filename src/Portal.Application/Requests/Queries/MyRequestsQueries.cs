using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Queries;

/// <summary>Port: when a person last looked at their requests, and what happened to them since.</summary>
public interface IRequestNewsStore
{
    /// <summary>
    /// The person's own requests that were decided by someone else, completed, failed or flagged for attention after they
    /// last looked (all of them if they never looked).
    /// </summary>
    Task<int> CountUnseenAsync(string userId, CancellationToken cancellationToken);

    Task MarkSeenAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// "My requests": the requests of the person's teams, newest first, and the app bar badge (what happened to the
/// person's own requests since they last looked). Scoped: one per circuit, so the badge hears when the list was seen.
/// </summary>
public sealed class MyRequestsQueries(IClusterRequestStore requests, ITeamDirectory teams, IRequestNewsStore news, TimeProvider time)
{
    public const int ListLimit = 200;

    /// <summary>Raised after the person looked at their requests (the badge resets).</summary>
    public event Action? Seen;

    /// <summary>The requests of the person's teams, newest first; marks their news as seen.</summary>
    public async Task<IReadOnlyList<MyRequestRow>> ListAndMarkSeenAsync(PortalUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var myTeams = await teams.GetTeamsAsync(user, cancellationToken);
        var names = myTeams.ToDictionary(t => t.Id, t => t.DisplayName);
        var list = await requests.ListForTeamsAsync([.. names.Keys], ListLimit, cancellationToken);
        await news.MarkSeenAsync(user.Id, time.GetUtcNow(), cancellationToken);
        Seen?.Invoke();
        return [.. list.Select(r => new MyRequestRow(
            r.Id, r.Kind, r.Status, StatusLabels.For(r.Status, r.Kind), r.ClusterName, names.GetValueOrDefault(r.TeamId, ""), r.Region,
            r.RequestedByName, r.CreatedAt, r.IsRequestedBy(user.Id))
        {
            StatusNote = r.Status == ClusterRequestStatus.Expired ? r.DecisionComment : null,
        })];
    }

    public Task<int> CountUnseenAsync(PortalUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return news.CountUnseenAsync(user.Id, cancellationToken);
    }
}

/// <summary>One line of "My requests".</summary>
public sealed record MyRequestRow(
    Guid Id,
    ClusterRequestKind Kind,
    ClusterRequestStatus Status,
    string StatusLabel,
    string ClusterName,
    string TeamName,
    string Region,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    bool IsMine)
{
    /// <summary>Why the request ended without anyone deciding it (an expired request's reason), shown under its status.</summary>
    public string? StatusNote { get; init; }
}
