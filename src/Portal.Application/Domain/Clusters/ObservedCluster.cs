namespace Portal.Application.Domain.Clusters;

/// <summary>
/// One cluster as an IONOS list call returned it, flattened. Enum-like values are kept as IONOS sent them so an
/// unexpected value is shown rather than lost.
/// </summary>
public sealed record ObservedCluster
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The state string exactly as returned (for example "AVAILABLE").</summary>
    public required string StateRaw { get; init; }

    public string? PostgresVersion { get; init; }

    public int Instances { get; init; }

    public int Cores { get; init; }

    public int RamGb { get; init; }

    public int StorageGb { get; init; }

    public string? ReplicationMode { get; init; }

    public string? ConnectionPooler { get; init; }

    public string? DnsName { get; init; }

    public string? DatacenterId { get; init; }

    public string? LanId { get; init; }

    public string? PrimaryInstanceAddress { get; init; }

    public DayOfWeek? MaintenanceDay { get; init; }

    public TimeOnly? MaintenanceTime { get; init; }

    public string? BackupLocation { get; init; }

    public int? RetentionDays { get; init; }

    public string? StatusMessage { get; init; }

    public string? CreatedBy { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string? LastModifiedBy { get; init; }

    public DateTimeOffset? LastModifiedAt { get; init; }
}
