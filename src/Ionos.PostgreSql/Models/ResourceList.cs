using System.Text.Json.Serialization;

namespace Ionos.PostgreSql.Models;

/// <summary>
/// One page of a collection (<c>*ReadList</c>). There is no total count; page with
/// <see cref="IonosPaging"/> rather than trusting <see cref="PaginationLinks.Next"/>.
/// </summary>
public sealed record ResourceList<T>
{
    private readonly IReadOnlyList<T> _items = [];

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("href")]
    public string? Href { get; init; }

    /// <summary>Never null: a missing or null <c>items</c> reads as an empty page.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<T> Items
    {
        get => _items;
        init => _items = value ?? [];
    }

    [JsonPropertyName("offset")]
    public int Offset { get; init; }

    [JsonPropertyName("limit")]
    public int Limit { get; init; }

    [JsonPropertyName("_links")]
    public PaginationLinks? Links { get; init; }
}

public sealed record PaginationLinks
{
    [JsonPropertyName("prev")]
    public string? Prev { get; init; }

    [JsonPropertyName("self")]
    public string? Self { get; init; }

    /// <summary>The real API has been seen to keep this past the last page: do not rely on it.</summary>
    [JsonPropertyName("next")]
    public string? Next { get; init; }
}
