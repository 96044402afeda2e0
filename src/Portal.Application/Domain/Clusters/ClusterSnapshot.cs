namespace Portal.Application.Domain.Clusters;

/// <summary>
/// The last known IONOS state of one cluster in one region, written by the state refresher and read by the
/// dashboard. A cluster with no team is unmanaged: it exists in IONOS but was not ordered through the portal.
/// </summary>
public sealed class ClusterSnapshot
{
    // For the persistence layer.
    private ClusterSnapshot()
    {
        Region = null!;
        ClusterId = null!;
        Name = null!;
        StateRaw = null!;
    }

    private ClusterSnapshot(string region, string clusterId, Guid? teamId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        Id = Guid.CreateVersion7();
        Region = region;
        ClusterId = clusterId;
        TeamId = teamId;
        Name = string.Empty;
        StateRaw = string.Empty;
        LastSeenAt = UtcTime.Normalize(now);
        LastChangedAt = LastSeenAt;
    }

    public Guid Id { get; private set; }

    public string Region { get; private set; }

    /// <summary>The IONOS cluster id (UUID).</summary>
    public string ClusterId { get; private set; }

    /// <summary>Owning team; null means unmanaged.</summary>
    public Guid? TeamId { get; private set; }

    public bool IsManaged => TeamId.HasValue;

    /// <summary>Set by an Admin; delete requests are refused while it is set.</summary>
    public bool DeletionProtected { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    public ClusterState State { get; private set; }

    public string StateRaw { get; private set; }

    public string? PostgresVersion { get; private set; }

    public int Instances { get; private set; }

    public int Cores { get; private set; }

    public int RamGb { get; private set; }

    public int StorageGb { get; private set; }

    public string? ReplicationMode { get; private set; }

    public string? ConnectionPooler { get; private set; }

    public string? DnsName { get; private set; }

    public string? DatacenterId { get; private set; }

    public string? LanId { get; private set; }

    public string? PrimaryInstanceAddress { get; private set; }

    public DayOfWeek? MaintenanceDay { get; private set; }

    public TimeOnly? MaintenanceTime { get; private set; }

    public string? BackupLocation { get; private set; }

    public int? RetentionDays { get; private set; }

    public string? StatusMessage { get; private set; }

    public string? CreatedBy { get; private set; }

    public DateTimeOffset? CreatedAt { get; private set; }

    public string? LastModifiedBy { get; private set; }

    public DateTimeOffset? LastModifiedAt { get; private set; }

    /// <summary>When the cluster was last listed by IONOS.</summary>
    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>When any observed property last changed.</summary>
    public DateTimeOffset LastChangedAt { get; private set; }

    /// <summary>When the cluster stopped appearing in IONOS lists; null while it exists.</summary>
    public DateTimeOffset? VanishedAt { get; private set; }

    /// <summary>Optimistic concurrency token, incremented by the persistence layer on every save.</summary>
    public long Version { get; private set; }

    /// <summary>A cluster seen for the first time; returns the snapshot and its first history entry.</summary>
    public static (ClusterSnapshot Snapshot, ClusterStateChange Change) FirstSeen(
        string region, string clusterId, ObservedCluster observed, Guid? teamId, DateTimeOffset now)
    {
        var snapshot = new ClusterSnapshot(region, clusterId, teamId, now);
        snapshot.Apply(observed);
        return (snapshot, new ClusterStateChange(region, clusterId, null, snapshot.State, now));
    }

    /// <summary>
    /// Records a fresh observation. Returns true when anything observable changed (so the caller writes only
    /// changed rows), and the state transition when the state changed.
    /// </summary>
    public bool Observe(ObservedCluster observed, DateTimeOffset now, out ClusterStateChange? stateChange)
    {
        ArgumentNullException.ThrowIfNull(observed);
        now = UtcTime.Normalize(now);
        var previousState = State;
        var changed = ToObserved() != Normalize(observed) || VanishedAt is not null;
        stateChange = null;
        LastSeenAt = now;
        VanishedAt = null;
        if (!changed)
        {
            return false;
        }

        Apply(observed);
        LastChangedAt = now;
        if (State != previousState)
        {
            stateChange = new ClusterStateChange(Region, ClusterId, previousState, State, now);
        }

        return true;
    }

    public void MarkVanished(DateTimeOffset now)
    {
        VanishedAt ??= UtcTime.Normalize(now);
        LastChangedAt = VanishedAt.Value;
    }

    /// <summary>Adopts an unmanaged cluster into a team (or moves it).</summary>
    public void AssignToTeam(Guid teamId) => TeamId = teamId;

    public void SetDeletionProtection(bool enabled) => DeletionProtected = enabled;

    public ObservedCluster ToObserved() => new()
    {
        Name = Name,
        Description = Description,
        StateRaw = StateRaw,
        PostgresVersion = PostgresVersion,
        Instances = Instances,
        Cores = Cores,
        RamGb = RamGb,
        StorageGb = StorageGb,
        ReplicationMode = ReplicationMode,
        ConnectionPooler = ConnectionPooler,
        DnsName = DnsName,
        DatacenterId = DatacenterId,
        LanId = LanId,
        PrimaryInstanceAddress = PrimaryInstanceAddress,
        MaintenanceDay = MaintenanceDay,
        MaintenanceTime = MaintenanceTime,
        BackupLocation = BackupLocation,
        RetentionDays = RetentionDays,
        StatusMessage = StatusMessage,
        CreatedBy = CreatedBy,
        CreatedAt = CreatedAt,
        LastModifiedBy = LastModifiedBy,
        LastModifiedAt = LastModifiedAt,
    };

    private static ObservedCluster Normalize(ObservedCluster observed) => observed with
    {
        CreatedAt = UtcTime.Normalize(observed.CreatedAt),
        LastModifiedAt = UtcTime.Normalize(observed.LastModifiedAt),
    };

    private void Apply(ObservedCluster observed)
    {
        observed = Normalize(observed);
        Name = observed.Name;
        Description = observed.Description;
        StateRaw = observed.StateRaw;
        State = ClusterStates.FromIonos(observed.StateRaw);
        PostgresVersion = observed.PostgresVersion;
        Instances = observed.Instances;
        Cores = observed.Cores;
        RamGb = observed.RamGb;
        StorageGb = observed.StorageGb;
        ReplicationMode = observed.ReplicationMode;
        ConnectionPooler = observed.ConnectionPooler;
        DnsName = observed.DnsName;
        DatacenterId = observed.DatacenterId;
        LanId = observed.LanId;
        PrimaryInstanceAddress = observed.PrimaryInstanceAddress;
        MaintenanceDay = observed.MaintenanceDay;
        MaintenanceTime = observed.MaintenanceTime;
        BackupLocation = observed.BackupLocation;
        RetentionDays = observed.RetentionDays;
        StatusMessage = observed.StatusMessage;
        CreatedBy = observed.CreatedBy;
        CreatedAt = observed.CreatedAt;
        LastModifiedBy = observed.LastModifiedBy;
        LastModifiedAt = observed.LastModifiedAt;
    }
}
