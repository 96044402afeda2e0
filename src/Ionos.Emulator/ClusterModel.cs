namespace Ionos.Emulator;

/// <summary>The cluster's properties as stored: never the password, never restoreFromBackup.</summary>
internal sealed class ClusterSpec
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string Version { get; set; } = "";

    public int Count { get; set; }

    public int Cores { get; set; }

    public int Ram { get; set; }

    public int StorageSize { get; set; }

    public string DatacenterId { get; set; } = "";

    public string LanId { get; set; } = "";

    public string PrimaryInstanceAddress { get; set; } = "";

    public string MaintenanceTime { get; set; } = "";

    public string MaintenanceDay { get; set; } = "";

    public string ReplicationMode { get; set; } = "";

    public string ConnectionPooler { get; set; } = "DISABLED";

    public bool LogsEnabled { get; set; }

    public bool MetricsEnabled { get; set; }

    public string BackupLocation { get; set; } = "";

    public int RetentionDays { get; set; }

    /// <summary>Kept to answer "user exists" questions; never returned.</summary>
    public string? Username { get; set; }

    public string? Database { get; set; }
}

internal sealed class ClusterRecord
{
    public Guid Id { get; set; }

    public string Region { get; set; } = "";

    public long Sequence { get; set; }

    public ClusterSpec Spec { get; set; } = new();

    public string DnsName { get; set; } = "";

    public DateTimeOffset CreatedDate { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset LastModifiedDate { get; set; }

    public string LastModifiedBy { get; set; } = "";

    /// <summary>One of PROVISIONING, AVAILABLE, UPDATING, DESTROYING, FAILED.</summary>
    public string State { get; set; } = ClusterStates.Provisioning;

    /// <summary>When the current transitional state ends (absolute, so progress survives a restart).</summary>
    public DateTimeOffset? StateEndsAt { get; set; }

    public string? StatusMessage { get; set; }
}

internal sealed class BackupRecord
{
    public Guid Id { get; set; }

    public string Region { get; set; } = "";

    public long Sequence { get; set; }

    public Guid ClusterId { get; set; }

    public string Version { get; set; } = "";

    public string Location { get; set; } = "";

    public bool IsActive { get; set; }

    public DateTimeOffset CreatedDate { get; set; }

    public DateTimeOffset EarliestRecoveryTargetTime { get; set; }

    public DateTimeOffset? LatestRecoveryTargetTime { get; set; }
}

internal static class ClusterStates
{
    public const string Provisioning = "PROVISIONING";
    public const string Available = "AVAILABLE";
    public const string Updating = "UPDATING";
    public const string Destroying = "DESTROYING";
    public const string Failed = "FAILED";

    public static IReadOnlyList<string> All { get; } = [Provisioning, Available, Updating, Destroying, Failed];
}

/// <summary>A read-only view of a cluster for tests and embedding hosts.</summary>
public sealed record EmulatedCluster(Guid Id, string Region, string Name, string Version, string State, DateTimeOffset CreatedDate, string DnsName);

/// <summary>A read-only view of a backup for tests and embedding hosts.</summary>
public sealed record EmulatedBackup(Guid Id, string Region, Guid ClusterId, string Version, string Location, bool IsActive,
    DateTimeOffset EarliestRecoveryTargetTime, DateTimeOffset? LatestRecoveryTargetTime);
