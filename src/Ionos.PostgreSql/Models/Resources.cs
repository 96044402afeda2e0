using System.Text.Json;
using System.Text.Json.Serialization;
using Ionos.PostgreSql.Serialization;

namespace Ionos.PostgreSql.Models;

/// <summary>A cluster as returned by GET, POST and PUT (<c>ClusterRead</c>).</summary>
public sealed record ClusterRead
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("href")]
    public string? Href { get; init; }

    [JsonPropertyName("metadata")]
    public ClusterMetadata? Metadata { get; init; }

    [JsonPropertyName("properties")]
    public ClusterProperties? Properties { get; init; }
}

/// <summary>Read-only cluster metadata. <c>dnsName</c> lives here in v2, not in properties.</summary>
public sealed record ClusterMetadata
{
    [JsonPropertyName("createdDate")]
    public DateTimeOffset? CreatedDate { get; init; }

    [JsonPropertyName("createdBy")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("createdByUserId")]
    public string? CreatedByUserId { get; init; }

    [JsonPropertyName("lastModifiedDate")]
    public DateTimeOffset? LastModifiedDate { get; init; }

    [JsonPropertyName("lastModifiedBy")]
    public string? LastModifiedBy { get; init; }

    [JsonPropertyName("lastModifiedByUserId")]
    public string? LastModifiedByUserId { get; init; }

    [JsonPropertyName("resourceURN")]
    public string? ResourceUrn { get; init; }

    /// <summary>The state exactly as the server sent it, for display.</summary>
    [JsonPropertyName("state")]
    [JsonConverter(typeof(LenientStringJsonConverter))]
    public string? StateRaw { get; init; }

    /// <summary><see cref="StateRaw"/> parsed tolerantly: unknown values become <see cref="ClusterState.Unknown"/>.</summary>
    [JsonIgnore]
    public ClusterState State => ClusterStates.Parse(StateRaw);

    [JsonPropertyName("statusMessage")]
    public string? StatusMessage { get; init; }

    [JsonPropertyName("dnsName")]
    public string? DnsName { get; init; }
}

/// <summary>
/// Metadata of backups, backup locations and versions: free-form in the contract. The common fields are
/// typed; anything else is kept in <see cref="AdditionalProperties"/>.
/// </summary>
public sealed record ResourceMetadata
{
    [JsonPropertyName("createdDate")]
    public DateTimeOffset? CreatedDate { get; init; }

    [JsonPropertyName("createdBy")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("createdByUserId")]
    public string? CreatedByUserId { get; init; }

    [JsonPropertyName("lastModifiedDate")]
    public DateTimeOffset? LastModifiedDate { get; init; }

    [JsonPropertyName("lastModifiedBy")]
    public string? LastModifiedBy { get; init; }

    [JsonPropertyName("lastModifiedByUserId")]
    public string? LastModifiedByUserId { get; init; }

    [JsonPropertyName("resourceURN")]
    public string? ResourceUrn { get; init; }

    [JsonPropertyName("state")]
    [JsonConverter(typeof(LenientStringJsonConverter))]
    public string? State { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

public sealed record BackupRead
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("href")]
    public string? Href { get; init; }

    [JsonPropertyName("metadata")]
    public ResourceMetadata? Metadata { get; init; }

    [JsonPropertyName("properties")]
    public Backup? Properties { get; init; }
}

/// <summary>A backup; backups are created automatically and are read-only over the API.</summary>
public sealed record Backup
{
    [JsonPropertyName("clusterId")]
    public string? ClusterId { get; init; }

    [JsonPropertyName("postgresClusterVersion")]
    public string? PostgresClusterVersion { get; init; }

    /// <summary>Whether this is the cluster's current backup.</summary>
    [JsonPropertyName("isActive")]
    public bool? IsActive { get; init; }

    [JsonPropertyName("earliestRecoveryTargetTime")]
    public DateTimeOffset? EarliestRecoveryTargetTime { get; init; }

    /// <summary>Null when the backup can be restored up to the current time.</summary>
    [JsonPropertyName("latestRecoveryTargetTime")]
    public DateTimeOffset? LatestRecoveryTargetTime { get; init; }

    [JsonPropertyName("location")]
    public string? Location { get; init; }
}

public sealed record BackupLocationRead
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("href")]
    public string? Href { get; init; }

    [JsonPropertyName("metadata")]
    public ResourceMetadata? Metadata { get; init; }

    [JsonPropertyName("properties")]
    public BackupLocation? Properties { get; init; }
}

public sealed record BackupLocation
{
    /// <summary>The value to put in <c>backup.location</c> of a cluster, e.g. <c>eu-central-3</c>.</summary>
    [JsonPropertyName("location")]
    public string? Location { get; init; }
}

public sealed record PostgresVersionRead
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("href")]
    public string? Href { get; init; }

    [JsonPropertyName("metadata")]
    public ResourceMetadata? Metadata { get; init; }

    [JsonPropertyName("properties")]
    public PostgresVersion? Properties { get; init; }
}

public sealed record PostgresVersion
{
    /// <summary>The string to send as a cluster's <c>version</c>, e.g. <c>"17"</c>.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>Support status such as BETA, SUPPORTED, RECOMMENDED, DEPRECATED (free text, not an enum).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("canUpgradeTo")]
    public IReadOnlyList<string>? CanUpgradeTo { get; init; }
}
