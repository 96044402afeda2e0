using System.Text.Json.Serialization;

namespace Ionos.PostgreSql.Models;

/// <summary>POST <c>/clusters</c> body: <c>{ "properties": ... }</c>. Credentials are required on create.</summary>
public sealed record ClusterCreateRequest
{
    [JsonPropertyName("properties")]
    public ClusterProperties Properties { get; init; } = new();
}

/// <summary>
/// PUT <c>/clusters/{id}</c> body: <c>{ "id": ..., "properties": full cluster }</c>. Omitted optional fields are
/// reset by the server, so merge a change into the current cluster and re-send credentials.
/// </summary>
public sealed record ClusterEnsureRequest
{
    /// <summary>Must equal the path id; left empty, the client fills it in from the path.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("properties")]
    public ClusterProperties Properties { get; init; } = new();
}

/// <summary>Offset and limit of one list call. Limit is 1..1000 (server default 100).</summary>
public record ListQuery
{
    public int? Offset { get; init; }

    public int? Limit { get; init; }
}

public sealed record ClusterListQuery : ListQuery
{
    /// <summary><c>filter.name</c>: clusters whose name contains this string.</summary>
    public string? Name { get; init; }

    /// <summary><c>filter.state</c>; <see cref="ClusterState.Unknown"/> is not sent.</summary>
    public ClusterState? State { get; init; }
}

public sealed record BackupListQuery : ListQuery
{
    /// <summary><c>filter.clusterId</c>.</summary>
    public string? ClusterId { get; init; }
}
