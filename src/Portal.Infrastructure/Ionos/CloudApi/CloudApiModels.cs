using System.Text.Json.Serialization;

namespace Portal.Infrastructure.Ionos.CloudApi;

/// <summary>A Cloud API v6 collection (<c>items</c>, and <c>offset</c>/<c>limit</c> when the server pages).</summary>
public sealed record CloudApiCollection<T>
{
    [JsonPropertyName("items")]
    public IReadOnlyList<T> Items { get; init; } = [];

    [JsonPropertyName("offset")]
    public int? Offset { get; init; }

    [JsonPropertyName("limit")]
    public int? Limit { get; init; }
}

/// <summary>A datacenter read with <c>depth=1</c> (only what the portal uses).</summary>
public sealed record CloudApiDatacenter
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("properties")]
    public CloudApiDatacenterProperties? Properties { get; init; }
}

public sealed record CloudApiDatacenterProperties
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>For example <c>de/txl</c>, <c>de/fra</c>, <c>de/fra/2</c>.</summary>
    [JsonPropertyName("location")]
    public string? Location { get; init; }
}

/// <summary>A LAN read with <c>depth=1</c>; its id is a number in a string.</summary>
public sealed record CloudApiLan
{
    [JsonPropertyName("id")]
    public string Id { get; init; } = "";

    [JsonPropertyName("properties")]
    public CloudApiLanProperties? Properties { get; init; }
}

public sealed record CloudApiLanProperties
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("public")]
    public bool? Public { get; init; }
}
