using System.Globalization;
using Portal.Application.Domain.Clusters;

namespace Portal.Application.Clusters;

/// <summary>One row of the dashboard.</summary>
public sealed record ClusterRow(
    string Region,
    string ClusterId,
    string Name,
    ClusterState State,
    string StateRaw,
    string? PostgresVersion,
    int Instances,
    int Cores,
    int RamGb,
    int StorageGb,
    Guid? TeamId,
    string? TeamName,
    string? DnsName,
    DateTimeOffset LastChangedAt,
    DateTimeOffset? VanishedAt)
{
    public bool IsManaged => TeamId.HasValue;

    /// <summary>"3 × 4 cores / 16 GB / 100 GB": instances × cores per instance / RAM / storage per instance.</summary>
    public string Size => ClusterSize.Describe(Instances, Cores, RamGb, StorageGb);
}

/// <summary>A page of the dashboard with everything around the table.</summary>
/// <param name="Rows">This page's rows.</param>
/// <param name="TotalCount">Rows matching the filters over all pages.</param>
/// <param name="CountsByState">Clusters per state matching every filter except the state filter (the chips above the table).</param>
/// <param name="Regions">Freshness of every configured region.</param>
/// <param name="Teams">Teams the person can filter by.</param>
public sealed record ClusterDashboardPage(
    IReadOnlyList<ClusterRow> Rows,
    int TotalCount,
    IReadOnlyDictionary<ClusterState, int> CountsByState,
    IReadOnlyList<RegionFreshness> Regions,
    IReadOnlyList<TeamFilterOption> Teams)
{
    public int CountOf(ClusterState state) => CountsByState.GetValueOrDefault(state);

    public int AllStatesCount => CountsByState.Values.Sum();
}

public sealed record TeamFilterOption(Guid Id, string Name);

/// <summary>How fresh one region's data is, as of <see cref="AsOf"/>.</summary>
/// <param name="Region">Region code.</param>
/// <param name="LastRefreshAt">Last complete read of the region; null when unknown to this process.</param>
/// <param name="Age">Time since <see cref="LastRefreshAt"/>.</param>
/// <param name="IsStale">The last attempt failed or no attempt has succeeded yet.</param>
/// <param name="Error">Why the last attempt failed.</param>
/// <param name="AsOf">The moment the age was computed.</param>
public sealed record RegionFreshness(string Region, DateTimeOffset? LastRefreshAt, TimeSpan? Age, bool IsStale, string? Error, DateTimeOffset AsOf)
{
    /// <summary>"12 s", "3 min", "2 h", "4 d".</summary>
    public static string DescribeAge(TimeSpan age) => age switch
    {
        { TotalSeconds: < 90 } => $"{Math.Max(0, (int)age.TotalSeconds)} s",
        { TotalMinutes: < 90 } => $"{(int)age.TotalMinutes} min",
        { TotalHours: < 36 } => $"{(int)age.TotalHours} h",
        _ => $"{(int)age.TotalDays} d",
    };
}

/// <summary>Everything the cluster page shows: the cluster as stored, and how fresh its region's data is.</summary>
public sealed record ClusterDetailsView(ClusterDetailsData Cluster, RegionFreshness Freshness)
{
    /// <summary>Connection strings without a password; null until IONOS reports a DNS name.</summary>
    public ConnectionStrings? Connection => Cluster.Summary.DnsName is { Length: > 0 } host
        ? ConnectionStrings.For(host, Cluster.DatabaseName, Cluster.Username)
        : null;
}

public sealed record ClusterStateChangeView(ClusterState? From, ClusterState To, DateTimeOffset ObservedAt);

/// <summary>Ways to connect, with <c>&lt;password&gt;</c> where the password goes (the portal never knows it).</summary>
public sealed record ConnectionStrings(string Psql, string Uri, string Npgsql, string Jdbc)
{
    public const int Port = 5432;
    public const string PasswordPlaceholder = "<password>";
    public const string DatabasePlaceholder = "<database>";
    public const string UsernamePlaceholder = "<username>";

    public static ConnectionStrings For(string host, string? database, string? username)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        var db = string.IsNullOrWhiteSpace(database) ? DatabasePlaceholder : database;
        var user = string.IsNullOrWhiteSpace(username) ? UsernamePlaceholder : username;
        var port = Port.ToString(CultureInfo.InvariantCulture);
        return new ConnectionStrings(
            Psql: $"psql \"host={host} port={port} dbname={db} user={user} sslmode=require\"",
            Uri: $"postgresql://{Escape(user)}:{PasswordPlaceholder}@{host}:{port}/{Escape(db)}?sslmode=require",
            Npgsql: $"Host={host};Port={port};Database={db};Username={user};Password={PasswordPlaceholder};SSL Mode=Require",
            Jdbc: $"jdbc:postgresql://{host}:{port}/{Escape(db)}?user={Escape(user)}&password={PasswordPlaceholder}&sslmode=require");
    }

    // Placeholders stay readable; real names are percent-encoded where a URI needs it.
    private static string Escape(string value) => value.StartsWith('<') ? value : System.Uri.EscapeDataString(value);
}

public static class ClusterSize
{
    public static string Describe(int instances, int cores, int ramGb, int storageGb) =>
        string.Create(CultureInfo.InvariantCulture, $"{instances} × {cores} cores / {ramGb} GB / {storageGb} GB");
}
