using Microsoft.EntityFrameworkCore;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Clusters;

/// <summary>
/// The dashboard's queries over <c>ClusterSnapshots</c>: filtering, counting, sorting and paging happen in the
/// database (three small queries per page: counts per state, total, one page), never by loading every row.
/// </summary>
public sealed class ClusterReadStore(IDbContextFactory<PortalDbContext> contexts) : IClusterReadStore
{
    private const int HistoryLimit = 200;

    public async Task<ClusterPageData> QueryAsync(ClusterQuery query, ClusterVisibility visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibility);
        query = query.Normalized();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);

        var filtered = Visible(context, visibility);
        if (!query.IncludeVanished)
        {
            filtered = filtered.Where(s => s.VanishedAt == null);
        }

        if (query.Search is { } search)
        {
            var term = search.ToLowerInvariant();
            // SQL lower(...) on both providers (names and DNS names are ASCII); no .NET culture is involved.
#pragma warning disable CA1304, CA1311, CA1862
            filtered = filtered.Where(s => s.Name.ToLower().Contains(term) || (s.DnsName != null && s.DnsName.ToLower().Contains(term)));
#pragma warning restore CA1304, CA1311, CA1862
        }

        if (query.Region is { } region)
        {
            filtered = filtered.Where(s => s.Region == region);
        }

        if (query.TeamId is { } teamId)
        {
            filtered = teamId == Guid.Empty
                ? filtered.Where(s => s.TeamId == null)
                : filtered.Where(s => s.TeamId == teamId);
        }

        // The chips count every state under the other filters, so picking a state does not hide the other counts.
        var counts = await filtered
            .GroupBy(s => s.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.State, g => g.Count, cancellationToken);

        if (query.State is { } state)
        {
            filtered = filtered.Where(s => s.State == state);
        }

        var total = query.State is { } only ? counts.GetValueOrDefault(only) : counts.Values.Sum();
        var rows = await Sorted(Rows(context, filtered), query)
            .Skip(query.Page * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new ClusterPageData(rows, total, counts);
    }

    public async Task<ClusterDetailsData?> GetAsync(string region, string clusterId, ClusterVisibility visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var snapshot = await Visible(context, visibility)
            .FirstOrDefaultAsync(s => s.Region == region && s.ClusterId == clusterId, cancellationToken);
        if (snapshot is null)
        {
            return null;
        }

        var teamName = snapshot.TeamId is { } teamId
            ? await context.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;

        // The API never returns credentials; the portal knows the database and user from the request that created the cluster.
        var origin = await context.ClusterRequests.AsNoTracking()
            .Where(r => r.Region == region && r.TargetClusterId == clusterId
                && (r.Kind == ClusterRequestKind.Create || r.Kind == ClusterRequestKind.Restore))
            .OrderByDescending(r => r.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

        var history = await context.ClusterStateChanges.AsNoTracking()
            .Where(c => c.Region == region && c.ClusterId == clusterId)
            .OrderByDescending(c => c.ObservedAt).ThenByDescending(c => c.Id)
            .Take(HistoryLimit)
            .Select(c => new ClusterStateChangeView(c.FromState, c.ToState, c.ObservedAt))
            .ToListAsync(cancellationToken);

        var summary = new ClusterRow(snapshot.Region, snapshot.ClusterId, snapshot.Name, snapshot.State, snapshot.StateRaw,
            snapshot.PostgresVersion, snapshot.Instances, snapshot.Cores, snapshot.RamGb, snapshot.StorageGb, snapshot.TeamId, teamName,
            snapshot.DnsName, snapshot.LastChangedAt, snapshot.VanishedAt);
        return new ClusterDetailsData(summary, snapshot.Description, snapshot.ReplicationMode, snapshot.ConnectionPooler,
            snapshot.DatacenterId, snapshot.LanId, snapshot.PrimaryInstanceAddress, snapshot.MaintenanceDay, snapshot.MaintenanceTime,
            snapshot.BackupLocation, snapshot.RetentionDays, snapshot.StatusMessage, snapshot.CreatedBy, snapshot.CreatedAt,
            snapshot.LastModifiedBy, snapshot.LastModifiedAt, snapshot.LastSeenAt, snapshot.DeletionProtected,
            origin?.Spec.DatabaseName, origin?.Spec.Username, history);
    }

    public async Task<IReadOnlyList<TeamFilterOption>> GetAllTeamsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Teams.AsNoTracking()
            .OrderBy(t => t.DisplayName)
            .Select(t => new TeamFilterOption(t.Id, t.DisplayName))
            .ToListAsync(cancellationToken);
    }

    private static IQueryable<ClusterSnapshot> Visible(PortalDbContext context, ClusterVisibility visibility)
    {
        var snapshots = context.ClusterSnapshots.AsNoTracking();
        if (visibility.All)
        {
            return snapshots;
        }

        var teamIds = visibility.TeamIds.ToList();
        return snapshots.Where(s => s.TeamId != null && teamIds.Contains(s.TeamId.Value));
    }

    private static IQueryable<RowProjection> Rows(PortalDbContext context, IQueryable<ClusterSnapshot> snapshots) =>
        from s in snapshots
        join t in context.Teams on s.TeamId equals t.Id into teams
        from t in teams.DefaultIfEmpty()
        select new RowProjection
        {
            Region = s.Region,
            ClusterId = s.ClusterId,
            Name = s.Name,
            State = s.State,
            StateRaw = s.StateRaw,
            PostgresVersion = s.PostgresVersion,
            Instances = s.Instances,
            Cores = s.Cores,
            RamGb = s.RamGb,
            StorageGb = s.StorageGb,
            TeamId = s.TeamId,
            TeamName = t == null ? null : t.DisplayName,
            DnsName = s.DnsName,
            LastChangedAt = s.LastChangedAt,
            VanishedAt = s.VanishedAt,
        };

    private static IQueryable<ClusterRow> Sorted(IQueryable<RowProjection> rows, ClusterQuery query)
    {
        var d = query.Descending;
        var ordered = query.SortBy switch
        {
            ClusterSortField.State => d ? rows.OrderByDescending(r => r.State) : rows.OrderBy(r => r.State),
            ClusterSortField.Version => d ? rows.OrderByDescending(r => r.PostgresVersion) : rows.OrderBy(r => r.PostgresVersion),
            ClusterSortField.Region => d ? rows.OrderByDescending(r => r.Region) : rows.OrderBy(r => r.Region),
            ClusterSortField.Team => d ? rows.OrderByDescending(r => r.TeamName) : rows.OrderBy(r => r.TeamName),
            ClusterSortField.Size => d
                ? rows.OrderByDescending(r => r.Instances * r.Cores).ThenByDescending(r => r.RamGb).ThenByDescending(r => r.StorageGb)
                : rows.OrderBy(r => r.Instances * r.Cores).ThenBy(r => r.RamGb).ThenBy(r => r.StorageGb),
            ClusterSortField.LastChange => d ? rows.OrderByDescending(r => r.LastChangedAt) : rows.OrderBy(r => r.LastChangedAt),
            _ => d ? rows.OrderByDescending(r => r.Name) : rows.OrderBy(r => r.Name),
        };

        // A total order, so paging never repeats or skips a row.
        return ordered.ThenBy(r => r.Name).ThenBy(r => r.Region).ThenBy(r => r.ClusterId)
            .Select(r => new ClusterRow(r.Region, r.ClusterId, r.Name, r.State, r.StateRaw, r.PostgresVersion, r.Instances, r.Cores,
                r.RamGb, r.StorageGb, r.TeamId, r.TeamName, r.DnsName, r.LastChangedAt, r.VanishedAt));
    }

    private sealed class RowProjection
    {
        public required string Region { get; init; }

        public required string ClusterId { get; init; }

        public required string Name { get; init; }

        public ClusterState State { get; init; }

        public required string StateRaw { get; init; }

        public string? PostgresVersion { get; init; }

        public int Instances { get; init; }

        public int Cores { get; init; }

        public int RamGb { get; init; }

        public int StorageGb { get; init; }

        public Guid? TeamId { get; init; }

        public string? TeamName { get; init; }

        public string? DnsName { get; init; }

        public DateTimeOffset LastChangedAt { get; init; }

        public DateTimeOffset? VanishedAt { get; init; }
    }
}
