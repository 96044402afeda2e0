namespace Portal.Application.Policies;

/// <summary>What a team uses (or would use): clusters, and totals over all their instances.</summary>
public sealed record QuotaUsage(int Clusters, int Cores, int RamGb, int StorageGb)
{
    public static QuotaUsage Zero { get; } = new(0, 0, 0, 0);

    /// <summary>The footprint of one cluster: instances × per-instance values.</summary>
    public static QuotaUsage OfCluster(int instances, int cores, int ramGb, int storageGb) =>
        new(1, instances * cores, instances * ramGb, instances * storageGb);

    /// <summary>What changes when a cluster goes from <paramref name="before"/> to this size: no new cluster, the differences of the totals.</summary>
    public QuotaUsage GrowthFrom(QuotaUsage before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return new(0, Cores - before.Cores, RamGb - before.RamGb, StorageGb - before.StorageGb);
    }

    /// <summary>What removing a cluster of this size frees: the negative of its footprint.</summary>
    public QuotaUsage Negated() => new(-Clusters, -Cores, -RamGb, -StorageGb);

    public QuotaUsage Plus(QuotaUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Clusters + other.Clusters, Cores + other.Cores, RamGb + other.RamGb, StorageGb + other.StorageGb);
    }
}

/// <summary>A team's usage after a request would be approved, against its quota.</summary>
public sealed record QuotaCheck(QuotaUsage Current, QuotaUsage After, QuotaLimits Limits, bool QuotaSet)
{
    public static QuotaCheck For(QuotaUsage current, QuotaUsage request, QuotaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(limits);
        return new QuotaCheck(current, current.Plus(request), limits, limits.HasAnyLimit);
    }

    /// <summary>
    /// The dimensions the request takes over their limit, in words ("clusters 3 of 2"); empty when within quota. A dimension
    /// the request does not grow never counts: a delete, or a shrink, of a team already over its quota (after the quota was
    /// lowered) is not itself over quota.
    /// </summary>
    public IReadOnlyList<string> Exceeded
    {
        get
        {
            var exceeded = new List<string>();
            Add(exceeded, "clusters", Current.Clusters, After.Clusters, Limits.MaxClusters, "");
            Add(exceeded, "cores", Current.Cores, After.Cores, Limits.MaxTotalCores, "");
            Add(exceeded, "RAM", Current.RamGb, After.RamGb, Limits.MaxTotalRamGb, " GB");
            Add(exceeded, "storage", Current.StorageGb, After.StorageGb, Limits.MaxTotalStorageGb, " GB");
            return exceeded;
        }
    }

    public bool IsOverQuota => Exceeded.Count > 0;

    private static void Add(List<string> exceeded, string what, int current, int after, int? limit, string unit)
    {
        if (limit is { } max && after > max && after > current)
        {
            exceeded.Add($"{what} {after}{unit} of {max}{unit}");
        }
    }
}
