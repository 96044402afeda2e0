namespace Portal.Application.Domain.Policies;

/// <summary>
/// A team's limits, set by an Admin: clusters, and totals over all instances of all its clusters (cores, RAM GB,
/// storage GB). Null means no limit. A request over quota still reaches a DBA, marked as over quota; it never auto-approves.
/// </summary>
public sealed class TeamQuota
{
    private TeamQuota()
    {
        UpdatedById = null!;
        UpdatedByName = null!;
    }

    public TeamQuota(Guid teamId, Actor setBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(setBy);
        TeamId = teamId;
        UpdatedById = setBy.Id;
        UpdatedByName = setBy.DisplayName;
        UpdatedAt = UtcTime.Normalize(now);
    }

    public Guid TeamId { get; private set; }

    public int? MaxClusters { get; private set; }

    public int? MaxTotalCores { get; private set; }

    public int? MaxTotalRamGb { get; private set; }

    public int? MaxTotalStorageGb { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedById { get; private set; }

    public string UpdatedByName { get; private set; }

    public void Set(int? maxClusters, int? maxTotalCores, int? maxTotalRamGb, int? maxTotalStorageGb, Actor setBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(setBy);
        MaxClusters = NonNegative(maxClusters, nameof(maxClusters));
        MaxTotalCores = NonNegative(maxTotalCores, nameof(maxTotalCores));
        MaxTotalRamGb = NonNegative(maxTotalRamGb, nameof(maxTotalRamGb));
        MaxTotalStorageGb = NonNegative(maxTotalStorageGb, nameof(maxTotalStorageGb));
        UpdatedById = setBy.Id;
        UpdatedByName = setBy.DisplayName;
        UpdatedAt = UtcTime.Normalize(now);
    }

    private static int? NonNegative(int? value, string name) =>
        value is < 0 ? throw new ArgumentOutOfRangeException(name, value, "A quota cannot be negative; leave it empty for no limit.") : value;
}
