using Portal.Application.Domain.Clusters;

namespace Portal.Application.Clusters;

/// <summary>Columns the dashboard can sort by (server-side).</summary>
public enum ClusterSortField
{
    Name = 0,
    State,
    Version,
    Region,
    Team,
    /// <summary>Total cores (instances × cores), then RAM, then storage.</summary>
    Size,
    /// <summary>When anything about the cluster last changed (the refresh that noticed it).</summary>
    LastChange,
}

/// <summary>What the dashboard asks for: filters, one sort column, one page.</summary>
public sealed record ClusterQuery
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 25;

    /// <summary>Part of the cluster's name or DNS name, case-insensitive.</summary>
    public string? Search { get; init; }

    public ClusterState? State { get; init; }

    /// <summary>A team id, or <see cref="Guid.Empty"/> for unmanaged clusters only.</summary>
    public Guid? TeamId { get; init; }

    public string? Region { get; init; }

    /// <summary>Also list clusters that no longer exist in IONOS.</summary>
    public bool IncludeVanished { get; init; }

    public ClusterSortField SortBy { get; init; } = ClusterSortField.Name;

    public bool Descending { get; init; }

    /// <summary>Zero-based page index.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The same query with the page size clamped to 1..<see cref="MaxPageSize"/> and a non-negative page.</summary>
    public ClusterQuery Normalized() => this with
    {
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        Region = string.IsNullOrWhiteSpace(Region) ? null : Region.Trim().ToLowerInvariant(),
        Page = Math.Max(0, Page),
        PageSize = Math.Clamp(PageSize, 1, MaxPageSize),
    };
}

/// <summary>Which clusters a person may see: all of them, or those of some teams (never unmanaged ones).</summary>
public sealed record ClusterVisibility(bool All, IReadOnlyList<Guid> TeamIds)
{
    public static ClusterVisibility Everything { get; } = new(true, []);

    public static ClusterVisibility Teams(IReadOnlyList<Guid> teamIds) => new(false, teamIds);
}
