using Portal.Application.Identity;
using Portal.Application.Regions;
using Portal.Application.Requests.Create;

namespace Portal.Application.Clusters;

/// <summary>
/// The dashboard and the cluster page. Members see their teams' clusters; DBAs, admins and auditors see every cluster,
/// unmanaged ones included. A cluster someone may not see does not exist for them (same answer as an unknown id).
/// </summary>
public sealed class ClusterQueries(
    IClusterReadStore store,
    ITeamDirectory teams,
    IRegionCatalog regions,
    IClusterChangeFeed feed,
    TimeProvider time)
{
    public async Task<ClusterDashboardPage> GetDashboardAsync(PortalUser user, ClusterQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(query);
        var (visibility, teamOptions) = await VisibilityAsync(user, cancellationToken);
        var data = await store.QueryAsync(query.Normalized(), visibility, cancellationToken);
        return new ClusterDashboardPage(data.Rows, data.TotalCount, data.CountsByState, Freshness(), teamOptions);
    }

    public async Task<ClusterDetailsView?> GetClusterAsync(PortalUser user, string region, string clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(region) || string.IsNullOrWhiteSpace(clusterId))
        {
            return null;
        }

        var (visibility, _) = await VisibilityAsync(user, cancellationToken);
        var data = await store.GetAsync(region.Trim().ToLowerInvariant(), clusterId.Trim(), visibility, cancellationToken);
        if (data is null)
        {
            return null;
        }

        var freshness = Freshness().FirstOrDefault(f => f.Region == data.Summary.Region)
            ?? new RegionFreshness(data.Summary.Region, null, null, true, "The region is not configured.", time.GetUtcNow());
        return new ClusterDetailsView(data, freshness);
    }

    /// <summary>Freshness of every configured region as of now, from this process's refresher.</summary>
    public IReadOnlyList<RegionFreshness> Freshness()
    {
        var now = time.GetUtcNow();
        var latest = feed.Latest;
        return [.. regions.Regions.Select(region =>
        {
            var status = latest?.For(region);
            if (status is null)
            {
                return new RegionFreshness(region, null, null, false, null, now);
            }

            var age = status.LastSuccessAt is { } at ? now - at : (TimeSpan?)null;
            return new RegionFreshness(region, status.LastSuccessAt, age, status.IsStale, status.Error, now);
        })];
    }

    public static bool SeesAllClusters(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(PortalRoles.Dba) || user.IsInRole(PortalRoles.Admin) || user.IsInRole(PortalRoles.Auditor);
    }

    private async Task<(ClusterVisibility Visibility, IReadOnlyList<TeamFilterOption> Teams)> VisibilityAsync(PortalUser user, CancellationToken cancellationToken)
    {
        if (SeesAllClusters(user))
        {
            return (ClusterVisibility.Everything, await store.GetAllTeamsAsync(cancellationToken));
        }

        var mine = await teams.GetTeamsAsync(user, cancellationToken);
        return (ClusterVisibility.Teams([.. mine.Select(t => t.Id)]), [.. mine.Select(t => new TeamFilterOption(t.Id, t.DisplayName))]);
    }
}
