namespace Portal.Application.Domain.Requests;

/// <summary>
/// The desired cluster as the requester specified it: everything IONOS needs except the password, which is
/// write-only and lives encrypted in a <see cref="PendingSecret"/> until execution. Never add a password here.
/// </summary>
public sealed record ClusterSpec
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>PostgreSQL major version, as IONOS names it (for example "17").</summary>
    public required string PostgresVersion { get; init; }

    public required int Instances { get; init; }

    public required int Cores { get; init; }

    public required int RamGb { get; init; }

    public required int StorageGb { get; init; }

    public ReplicationMode ReplicationMode { get; init; } = ReplicationMode.Asynchronous;

    public ConnectionPooler ConnectionPooler { get; init; } = ConnectionPooler.Disabled;

    public required string DatacenterId { get; init; }

    public required string LanId { get; init; }

    /// <summary>Private IPv4 address with prefix, for example 192.168.1.100/24.</summary>
    public required string PrimaryInstanceAddress { get; init; }

    public required DayOfWeek MaintenanceDay { get; init; }

    /// <summary>Start of the 4-hour maintenance window, UTC.</summary>
    public required TimeOnly MaintenanceTime { get; init; }

    public required string BackupLocation { get; init; }

    public int RetentionDays { get; init; } = 7;

    public required string Username { get; init; }

    public required string DatabaseName { get; init; }

    public bool LogsEnabled { get; init; }

    public bool MetricsEnabled { get; init; }

    /// <summary>For a restore: the IONOS backup to restore from.</summary>
    public string? RestoreSourceBackupId { get; init; }

    /// <summary>For a restore: the point in time to recover to (UTC); null means the latest.</summary>
    public DateTimeOffset? RecoveryTargetTime { get; init; }
}
