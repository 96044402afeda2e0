namespace Portal.Application.Domain.Requests;

/// <summary>
/// A team's request to create, change, delete or restore a cluster; it waits for a decision and is then executed.
/// </summary>
/// <remarks>
/// The approval decision lives on the request (who, when, comment, auto-approved) rather than in a table of its
/// own: a request is decided at most once, the approval queue and the request page read it with the request
/// without a join, and "exactly one of two simultaneous decisions wins" falls out of the status check plus the
/// optimistic concurrency <see cref="Version"/>. The history of every step is in the audit log.
/// </remarks>
public sealed class ClusterRequest
{
    public const int ClusterNameMaxLength = 63;
    public const int RegionMaxLength = 32;
    public const int LastErrorMaxLength = 4000;

    // For the persistence layer.
    private ClusterRequest()
    {
        Region = null!;
        ClusterName = null!;
        RequestedById = null!;
        RequestedByName = null!;
        Spec = null!;
    }

    private ClusterRequest(
        ClusterRequestKind kind,
        Guid teamId,
        string region,
        Actor requester,
        ClusterSpec spec,
        string? targetClusterId,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.Name);
        now = UtcTime.Normalize(now);

        Id = Guid.CreateVersion7();
        Kind = kind;
        Status = ClusterRequestStatus.PendingApproval;
        TeamId = teamId;
        Region = region;
        ClusterName = spec.Name;
        RequestedById = requester.Id;
        RequestedByName = requester.DisplayName;
        Spec = spec with { RecoveryTargetTime = UtcTime.Normalize(spec.RecoveryTargetTime) };
        TargetClusterId = targetClusterId;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public ClusterRequestKind Kind { get; private set; }

    public ClusterRequestStatus Status { get; private set; }

    public Guid TeamId { get; private set; }

    /// <summary>IONOS region (for example de-fra); the API host is the location.</summary>
    public string Region { get; private set; }

    /// <summary>The cluster's name as requested (a copy of <see cref="ClusterSpec.Name"/>, queryable).</summary>
    public string ClusterName { get; private set; }

    /// <summary>The unique name fixed and stored before the first POST, used to find the cluster after an ambiguous outcome.</summary>
    public string? ExecutionClusterName { get; private set; }

    public string RequestedById { get; private set; }

    public string RequestedByName { get; private set; }

    /// <summary>The desired cluster; for Update the full desired state, for Delete the cluster as it was when requested.</summary>
    public ClusterSpec Spec { get; private set; }

    /// <summary>The IONOS cluster this request acts on: known up front for Update and Delete, set after the POST for Create and Restore.</summary>
    public string? TargetClusterId { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public string? LeaseOwner { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DecidedById { get; private set; }

    public string? DecidedByName { get; private set; }

    public string? DecisionComment { get; private set; }

    /// <summary>True when the auto-approval policy approved the request (then <see cref="DecidedById"/> is the policy).</summary>
    public bool AutoApproved { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The team's quota would be exceeded if this request were approved (set at submit; such a request never auto-approves).</summary>
    public bool OverQuota { get; private set; }

    /// <summary>When the executor first saw the cluster in IONOS (after the POST, or found by name): the start of the provisioning deadline.</summary>
    public DateTimeOffset? ProvisioningStartedAt { get; private set; }

    /// <summary>Since when IONOS has reported FAILED without interruption; null while it does not. FAILED becomes final only after a configured window.</summary>
    public DateTimeOffset? FailedObservedSince { get; private set; }

    /// <summary>The latest <c>metadata.statusMessage</c> IONOS reported for the cluster, shown to the requester.</summary>
    public string? StatusMessage { get; private set; }

    /// <summary>The cluster's DNS name once IONOS reported it.</summary>
    public string? DnsName { get; private set; }

    /// <summary>Optimistic concurrency token, incremented by the persistence layer on every save.</summary>
    public long Version { get; private set; }

    public static ClusterRequest SubmitCreate(Guid teamId, string region, Actor requester, ClusterSpec spec, DateTimeOffset now)
    {
        if (spec.RestoreSourceBackupId is not null)
        {
            throw new ArgumentException("A create request cannot restore from a backup; submit a restore request.", nameof(spec));
        }

        return new ClusterRequest(ClusterRequestKind.Create, teamId, region, requester, spec, null, now);
    }

    public static ClusterRequest SubmitRestore(Guid teamId, string region, Actor requester, ClusterSpec spec, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(spec.RestoreSourceBackupId))
        {
            throw new ArgumentException("A restore request needs the backup to restore from.", nameof(spec));
        }

        return new ClusterRequest(ClusterRequestKind.Restore, teamId, region, requester, spec, null, now);
    }

    /// <summary>
    /// A change of an existing cluster: <paramref name="desired"/> is the full desired state, <paramref name="baseline"/> the
    /// cluster as the portal knew it when the change was requested. At least one changeable field must differ, and only
    /// changeable fields may (network, backup location, name and credentials stay as they are).
    /// </summary>
    public static ClusterRequest SubmitUpdate(Guid teamId, string region, Actor requester, string clusterId, ClusterSpec baseline, ClusterSpec desired, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(desired);
        if (ClusterChange.Between(baseline, desired).Count == 0)
        {
            throw new ArgumentException("An update must change at least one field.", nameof(desired));
        }

        if (desired != ClusterChange.Apply(baseline, desired, ClusterChange.Fields))
        {
            throw new ArgumentException("An update may only change the changeable fields (sizing, replication, pooler, maintenance window, retention, version).", nameof(desired));
        }

        return new ClusterRequest(ClusterRequestKind.Update, teamId, region, requester, desired, clusterId, now) { Baseline = baseline };
    }

    /// <summary>For Update: the cluster's values when the change was requested, so the change reads field by field and the executor can tell whether the cluster was changed elsewhere since.</summary>
    public ClusterSpec? Baseline { get; private set; }

    /// <summary>For Update: the fields the request changes, with their values before and after; empty for other kinds.</summary>
    public IReadOnlyList<FieldChange> Changes() => Baseline is null ? [] : ClusterChange.Between(Baseline, Spec);

    public static ClusterRequest SubmitDelete(Guid teamId, string region, Actor requester, string clusterId, ClusterSpec current, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        return new ClusterRequest(ClusterRequestKind.Delete, teamId, region, requester, current, clusterId, now);
    }

    public bool IsRequestedBy(string userId) => string.Equals(RequestedById, userId, StringComparison.Ordinal);

    /// <summary>Marks (or clears) that approving this request would exceed the team's quota.</summary>
    public void MarkOverQuota(bool overQuota) => OverQuota = overQuota;

    /// <summary>Records what IONOS reports about the cluster while the request follows it.</summary>
    public void ObserveCluster(bool failed, string? statusMessage, string? dnsName, DateTimeOffset now)
    {
        now = UtcTime.Normalize(now);
        StatusMessage = string.IsNullOrWhiteSpace(statusMessage) ? null : Truncate(statusMessage);
        DnsName = string.IsNullOrWhiteSpace(dnsName) ? DnsName : dnsName;
        FailedObservedSince = failed ? FailedObservedSince ?? now : null;
        Touch(now);
    }

    public void Approve(Actor approver, string? comment, DateTimeOffset now, bool autoApproved = false)
    {
        EnsurePending("approved");
        if (!autoApproved && IsRequestedBy(approver.Id))
        {
            throw new InvalidOperationException("Nobody may approve their own request.");
        }

        Decide(ClusterRequestStatus.Approved, approver, comment, now);
        AutoApproved = autoApproved;
        NextAttemptAt = DecidedAt;
    }

    public void Reject(Actor approver, string comment, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(comment);
        EnsurePending("rejected");
        if (IsRequestedBy(approver.Id))
        {
            throw new InvalidOperationException("Nobody may reject their own request; cancel it instead.");
        }

        Decide(ClusterRequestStatus.Rejected, approver, comment, now);
        CompletedAt = DecidedAt;
    }

    public void Cancel(Actor requester, DateTimeOffset now)
    {
        EnsurePending("cancelled");
        Decide(ClusterRequestStatus.Cancelled, requester, null, now);
        CompletedAt = DecidedAt;
    }

    /// <summary>
    /// Ends a request nobody decided in time. The portal is recorded as the decider and <paramref name="reason"/> as the
    /// comment, so the request page and the requester's badge treat it like any other decision.
    /// </summary>
    public void Expire(string reason, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        EnsurePending("expired");
        Decide(ClusterRequestStatus.Expired, Actor.System, reason, now);
        CompletedAt = DecidedAt;
    }

    /// <summary>Takes the request for execution until <paramref name="leaseUntil"/>; false when another owner holds a live lease.</summary>
    public bool TryAcquireLease(string owner, DateTimeOffset now, DateTimeOffset leaseUntil)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (!Status.IsInExecution())
        {
            return false;
        }

        now = UtcTime.Normalize(now);
        if (LeaseOwner is not null && LeaseOwner != owner && LeaseUntil > now)
        {
            return false;
        }

        LeaseOwner = owner;
        LeaseUntil = UtcTime.Normalize(leaseUntil);
        Touch(now);
        return true;
    }

    public void ReleaseLease(DateTimeOffset now)
    {
        LeaseOwner = null;
        LeaseUntil = null;
        Touch(now);
    }

    /// <summary>Fixes the cluster name to use for the POST (once) and records the start of an attempt.</summary>
    public void BeginSubmitting(string executionClusterName, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionClusterName);
        EnsureStatus("submitted", ClusterRequestStatus.Approved, ClusterRequestStatus.Submitting);
        ExecutionClusterName ??= executionClusterName;
        Status = ClusterRequestStatus.Submitting;
        Attempts++;
        Touch(now);
    }

    public void MarkProvisioning(string targetClusterId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetClusterId);
        EnsureStatus("followed", ClusterRequestStatus.Submitting, ClusterRequestStatus.Provisioning);
        TargetClusterId = targetClusterId;
        Status = ClusterRequestStatus.Provisioning;
        NextAttemptAt = null;
        ProvisioningStartedAt ??= UtcTime.Normalize(now);
        Touch(now);
    }

    /// <summary>Records a failed attempt that will be retried at <paramref name="nextAttemptAt"/>.</summary>
    public void RecordRetryableFailure(string error, DateTimeOffset now, DateTimeOffset nextAttemptAt)
    {
        EnsureNotFinal();
        LastError = Truncate(error);
        NextAttemptAt = UtcTime.Normalize(nextAttemptAt);
        Touch(now);
    }

    /// <summary>When the executor should look at the request next (while it follows the cluster), so due work is ordered by time.</summary>
    public void ScheduleNextAttempt(DateTimeOffset nextAttemptAt, DateTimeOffset now)
    {
        EnsureNotFinal();
        NextAttemptAt = UtcTime.Normalize(nextAttemptAt);
        Touch(now);
    }

    public void Complete(DateTimeOffset now)
    {
        EnsureStatus("completed", ClusterRequestStatus.Submitting, ClusterRequestStatus.Provisioning, ClusterRequestStatus.NeedsAttention);
        Finish(ClusterRequestStatus.Completed, now);
        LastError = null;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        EnsureNotFinal();
        LastError = Truncate(error);
        Finish(ClusterRequestStatus.Failed, now);
    }

    /// <summary>Parks the request for a human: the executor could not reach a final state on its own.</summary>
    public void FlagNeedsAttention(string reason, DateTimeOffset now)
    {
        EnsureNotFinal();
        LastError = Truncate(reason);
        Status = ClusterRequestStatus.NeedsAttention;
        NextAttemptAt = null;
        LeaseOwner = null;
        LeaseUntil = null;
        Touch(now);
    }

    private void Decide(ClusterRequestStatus status, Actor actor, string? comment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        now = UtcTime.Normalize(now);
        Status = status;
        DecidedAt = now;
        DecidedById = actor.Id;
        DecidedByName = actor.DisplayName;
        DecisionComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        UpdatedAt = now;
    }

    private void Finish(ClusterRequestStatus status, DateTimeOffset now)
    {
        now = UtcTime.Normalize(now);
        Status = status;
        CompletedAt = now;
        NextAttemptAt = null;
        LeaseOwner = null;
        LeaseUntil = null;
        UpdatedAt = now;
    }

    private void Touch(DateTimeOffset now) => UpdatedAt = UtcTime.Normalize(now);

    private void EnsurePending(string verb)
    {
        if (Status != ClusterRequestStatus.PendingApproval)
        {
            throw new InvalidOperationException($"The request cannot be {verb}: it is {Status}, not PendingApproval.");
        }
    }

    private void EnsureStatus(string verb, params ClusterRequestStatus[] allowed)
    {
        if (Array.IndexOf(allowed, Status) < 0)
        {
            throw new InvalidOperationException($"The request cannot be {verb}: it is {Status}.");
        }
    }

    private void EnsureNotFinal()
    {
        if (Status.IsFinal())
        {
            throw new InvalidOperationException($"The request is already {Status}.");
        }
    }

    private static string Truncate(string error)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return error.Length <= LastErrorMaxLength ? error : error[..LastErrorMaxLength];
    }
}
