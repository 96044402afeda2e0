namespace Portal.Application.Clusters;

/// <summary>Port: a cluster's backups as IONOS lists them (<c>GET /backups?filter.clusterId=</c>), one page at a time.</summary>
public interface IBackupCatalog
{
    /// <summary>One page of the cluster's backups; <see cref="BackupPage.HasMore"/> when another page follows.</summary>
    /// <exception cref="Offerings.IonosUnavailableException">IONOS could not be reached or refused to answer.</exception>
    Task<BackupPage> ListAsync(string region, string? clusterId, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>One backup, or null when IONOS does not know it.</summary>
    /// <exception cref="Offerings.IonosUnavailableException">IONOS could not be reached or refused to answer.</exception>
    Task<BackupView?> GetAsync(string region, string backupId, CancellationToken cancellationToken);
}

/// <summary>
/// A backup as the cluster page shows it. <see cref="LatestRecoveryTime"/> is null while the backup can be restored up to
/// the current time (the contract's meaning of a null <c>latestRecoveryTargetTime</c>). IONOS reports no size.
/// </summary>
public sealed record BackupView(
    string Id,
    string ClusterId,
    string? PostgresVersion,
    bool IsActive,
    DateTimeOffset? EarliestRecoveryTime,
    DateTimeOffset? LatestRecoveryTime,
    string? Location,
    DateTimeOffset? CreatedAt)
{
    /// <summary>The latest point a restore can reach as of <paramref name="now"/>.</summary>
    public DateTimeOffset LatestAsOf(DateTimeOffset now) => LatestRecoveryTime ?? now;
}

public sealed record BackupPage(IReadOnlyList<BackupView> Items, int Offset, int Limit, bool HasMore);
