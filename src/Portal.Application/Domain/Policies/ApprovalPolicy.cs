namespace Portal.Application.Domain.Policies;

/// <summary>
/// The auto-approval rule, set by an Admin (one row). A create request within every limit here, and within its team's
/// quota, is approved by policy at submit and recorded as such. Off by default: every request waits for a DBA.
/// </summary>
public sealed class ApprovalPolicy
{
    public const int SingletonId = 1;

    private ApprovalPolicy()
    {
        UpdatedById = null!;
        UpdatedByName = null!;
    }

    public ApprovalPolicy(Actor setBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(setBy);
        Id = SingletonId;
        UpdatedById = setBy.Id;
        UpdatedByName = setBy.DisplayName;
        UpdatedAt = UtcTime.Normalize(now);
    }

    public int Id { get; private set; }

    public bool AutoApprovalEnabled { get; private set; }

    /// <summary>At most this many cores per instance.</summary>
    public int MaxCores { get; private set; } = 2;

    /// <summary>At most this much RAM (GB) per instance.</summary>
    public int MaxRamGb { get; private set; } = 8;

    /// <summary>At most this many instances.</summary>
    public int MaxInstances { get; private set; } = 1;

    /// <summary>At most this much storage (GB) per instance.</summary>
    public int MaxStorageGb { get; private set; } = 100;

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedById { get; private set; }

    public string UpdatedByName { get; private set; }

    public void Set(bool enabled, int maxCores, int maxRamGb, int maxInstances, int maxStorageGb, Actor setBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(setBy);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCores);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRamGb);
        ArgumentOutOfRangeException.ThrowIfNegative(maxInstances);
        ArgumentOutOfRangeException.ThrowIfNegative(maxStorageGb);
        AutoApprovalEnabled = enabled;
        MaxCores = maxCores;
        MaxRamGb = maxRamGb;
        MaxInstances = maxInstances;
        MaxStorageGb = maxStorageGb;
        UpdatedById = setBy.Id;
        UpdatedByName = setBy.DisplayName;
        UpdatedAt = UtcTime.Normalize(now);
    }
}
