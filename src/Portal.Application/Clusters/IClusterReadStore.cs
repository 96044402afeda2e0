namespace Portal.Application.Clusters;

/// <summary>Read side of the cluster snapshots (implemented over the database by Infrastructure).</summary>
public interface IClusterReadStore
{
    /// <summary>One page of visible clusters matching <paramref name="query"/>, the total, and the counts per state.</summary>
    Task<ClusterPageData> QueryAsync(ClusterQuery query, ClusterVisibility visibility, CancellationToken cancellationToken);

    /// <summary>The cluster with its history, or null when unknown or not visible.</summary>
    Task<ClusterDetailsData?> GetAsync(string region, string clusterId, ClusterVisibility visibility, CancellationToken cancellationToken);

    /// <summary>Every team (for people who see all clusters).</summary>
    Task<IReadOnlyList<TeamFilterOption>> GetAllTeamsAsync(CancellationToken cancellationToken);
}

public sealed record ClusterPageData(
    IReadOnlyList<ClusterRow> Rows,
    int TotalCount,
    IReadOnlyDictionary<Domain.Clusters.ClusterState, int> CountsByState);

/// <summary>A cluster as stored; <see cref="ClusterDetailsView"/> pairs it with the region's freshness.</summary>
public sealed record ClusterDetailsData(
    ClusterRow Summary,
    string? Description,
    string? ReplicationMode,
    string? ConnectionPooler,
    string? DatacenterId,
    string? LanId,
    string? PrimaryInstanceAddress,
    DayOfWeek? MaintenanceDay,
    TimeOnly? MaintenanceTime,
    string? BackupLocation,
    int? RetentionDays,
    string? StatusMessage,
    string? CreatedBy,
    DateTimeOffset? CreatedAt,
    string? LastModifiedBy,
    DateTimeOffset? LastModifiedAt,
    DateTimeOffset LastSeenAt,
    bool DeletionProtected,
    string? DatabaseName,
    string? Username,
    IReadOnlyList<ClusterStateChangeView> History);
