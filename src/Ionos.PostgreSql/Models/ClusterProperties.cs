using System.Text.Json.Serialization;
using Ionos.PostgreSql.Serialization;

namespace Ionos.PostgreSql.Models;

/// <summary>
/// The contract's <c>Cluster</c> (PUT body and GET response) and <c>ClusterCreateProperties</c> (POST body).
/// PUT replaces the whole cluster: anything left null here is reset by the server, so build a PUT from a GET.
/// </summary>
public sealed record ClusterProperties
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>PostgreSQL major version as a string, e.g. <c>"17"</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    [JsonPropertyName("instances")]
    public InstanceConfiguration? Instances { get; init; }

    [JsonPropertyName("connection")]
    public ClusterConnection? Connection { get; init; }

    [JsonPropertyName("maintenanceWindow")]
    public MaintenanceWindow? MaintenanceWindow { get; init; }

    /// <summary>Null when absent or when the server sent a value this client does not know.</summary>
    [JsonPropertyName("replicationMode")]
    [JsonConverter(typeof(ReplicationModeJsonConverter))]
    public ReplicationMode? ReplicationMode { get; init; }

    /// <summary>Required on POST, re-sent on every PUT; never returned by the API.</summary>
    [JsonPropertyName("credentials")]
    public PostgresCredentials? Credentials { get; init; }

    /// <summary>Null when absent or unknown; the server default is <see cref="Models.ConnectionPooler.Disabled"/>.</summary>
    [JsonPropertyName("connectionPooler")]
    [JsonConverter(typeof(ConnectionPoolerJsonConverter))]
    public ConnectionPooler? ConnectionPooler { get; init; }

    /// <summary>Create-time or command-only: on POST a new cluster from a backup, on PUT an in-place restore.</summary>
    [JsonPropertyName("restoreFromBackup")]
    public ClusterRestoreFromBackup? RestoreFromBackup { get; init; }

    [JsonPropertyName("logsEnabled")]
    public bool? LogsEnabled { get; init; }

    [JsonPropertyName("metricsEnabled")]
    public bool? MetricsEnabled { get; init; }

    [JsonPropertyName("backup")]
    public ClusterBackup? Backup { get; init; }
}

public sealed record InstanceConfiguration
{
    /// <summary>Total instances: one primary and count-1 standbys (1..5).</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; }

    /// <summary>Memory per instance in GB (4..240).</summary>
    [JsonPropertyName("ram")]
    public int Ram { get; init; }

    /// <summary>CPU cores per instance (1..62).</summary>
    [JsonPropertyName("cores")]
    public int Cores { get; init; }

    /// <summary>Storage per instance in GB (10..4096); it can only grow.</summary>
    [JsonPropertyName("storageSize")]
    public int StorageSize { get; init; }
}

public sealed record ClusterConnection
{
    [JsonPropertyName("datacenterId")]
    public string? DatacenterId { get; init; }

    /// <summary>The numeric LAN id as a string, e.g. <c>"2"</c>.</summary>
    [JsonPropertyName("lanId")]
    public string? LanId { get; init; }

    /// <summary>IP and prefix of the primary, e.g. <c>192.168.1.100/24</c>.</summary>
    [JsonPropertyName("primaryInstanceAddress")]
    public string? PrimaryInstanceAddress { get; init; }
}

public sealed record MaintenanceWindow
{
    /// <summary>Start in UTC as <c>HH:MM:SS</c>; kept as the string the API uses so it round-trips exactly.</summary>
    [JsonPropertyName("time")]
    public string? Time { get; init; }

    /// <summary>Null when absent or not a day name.</summary>
    [JsonPropertyName("dayOfTheWeek")]
    [JsonConverter(typeof(DayOfTheWeekJsonConverter))]
    public DayOfWeek? DayOfTheWeek { get; init; }
}

public sealed record ClusterBackup
{
    /// <summary>An Object Storage location such as <c>eu-central-3</c> (from <c>/backup-locations</c>, not its id).</summary>
    [JsonPropertyName("location")]
    public string? Location { get; init; }

    [JsonPropertyName("retentionDays")]
    public int RetentionDays { get; init; }
}

/// <summary>
/// Both restore shapes of the contract's oneOf: <c>{sourceBackupId, recoveryTargetDatetime?}</c> on POST,
/// <c>{recoveryTargetDatetime}</c> on PUT for an in-place point-in-time restore.
/// </summary>
public sealed record ClusterRestoreFromBackup
{
    [JsonPropertyName("sourceBackupId")]
    public string? SourceBackupId { get; init; }

    /// <summary>Exclusive recovery target; written as UTC ending in <c>Z</c>.</summary>
    [JsonPropertyName("recoveryTargetDatetime")]
    public DateTimeOffset? RecoveryTargetDatetime { get; init; }
}
