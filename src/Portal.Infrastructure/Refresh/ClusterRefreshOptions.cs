namespace Portal.Infrastructure.Refresh;

/// <summary>Section <c>Portal:Refresh</c>: how often the cluster state refresher reads IONOS.</summary>
public sealed class ClusterRefreshOptions
{
    public const string SectionName = "Portal:Refresh";

    /// <summary>
    /// "PgRefres" as a number: the PostgreSQL advisory lock key that elects the one refreshing replica. It must differ from
    /// the audit chain's key (<see cref="Audit.AuditTrail.ChainLockKey"/>): the refresher holds its lock for its whole life.
    /// </summary>
    public const long DefaultLockKey = 0x5067526566726573;

    /// <summary>Run the refresher in this process.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Interval while any cluster is provisioning, updating or being destroyed, after a failed region, and between lock attempts of a standby replica.</summary>
    public TimeSpan BusyInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval while every cluster is at rest.</summary>
    public TimeSpan QuietInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Clusters per list call (1..1000): one call per this many clusters and region.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>The advisory lock key (PostgreSQL only); every replica of one portal must use the same key.</summary>
    public long LockKey { get; set; } = DefaultLockKey;
}
