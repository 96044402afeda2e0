using Portal.Application.Domain;
using Portal.Application.Domain.Policies;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Execution;
using Portal.Application.Requests.Notifications;

namespace Portal.Application.Tests.Approvals;

/// <summary>People of every role, and one in-memory world of requests, teams and policies behind the approval ports.</summary>
internal static class People
{
    public static readonly TeamOption Payments = new(Guid.Parse("0b7a9f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), "payments", "Payments");
    public static readonly TeamOption Search = new(Guid.Parse("1c8b0a8f-2d3e-4f60-9bac-1d2e3f4a5b6c"), "search", "Search");

    public static readonly PortalUser Rita = User("rita", "Rita Requester", PortalRoles.Requester, "payments");
    public static readonly PortalUser Ravi = User("ravi", "Ravi Requester", PortalRoles.Requester, "search");
    public static readonly PortalUser Dana = User("dana", "Dana DBA", PortalRoles.Dba, "platform");
    public static readonly PortalUser Dirk = User("dirk", "Dirk DBA", PortalRoles.Dba, "platform");
    public static readonly PortalUser Adam = User("adam", "Adam Admin", PortalRoles.Admin, "platform");
    public static readonly PortalUser Aude = User("aude", "Aude Auditor", PortalRoles.Auditor);

    /// <summary>A DBA and an Admin who are also members of payments (and may submit there).</summary>
    public static readonly PortalUser DbaRequester = User("dora", "Dora DBA", PortalRoles.Dba, "payments");
    public static readonly PortalUser AdminRequester = User("alma", "Alma Admin", PortalRoles.Admin, "payments");

    public static PortalUser User(string id, string name, string role, params string[] teams) =>
        new(id, name, new HashSet<string> { role }, teams);

    public static Actor ActorOf(PortalUser user) => new(user.Id, user.DisplayName);

    public static ClusterSpec Spec(int instances = 1, int cores = 2, int ramGb = 4, int storageGb = 20) => new()
    {
        Name = $"pg-{Guid.NewGuid():N}"[..16],
        PostgresVersion = "17",
        Instances = instances,
        Cores = cores,
        RamGb = ramGb,
        StorageGb = storageGb,
        DatacenterId = "3f2c6a8e-5b1d-4c7e-9a0f-2d4b6c8e1a3f",
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Tuesday,
        MaintenanceTime = new TimeOnly(9, 0),
        BackupLocation = "eu-central-3",
        RetentionDays = 7,
        Username = "app_admin",
        DatabaseName = "orders",
    };
}

/// <summary>Requests, their secrets and audit events, with the store's version check (a stale write is refused).</summary>
internal sealed class InMemoryRequests : IClusterRequestStore, IRequestDecisionStore
{
    private readonly Dictionary<Guid, (ClusterRequest Request, long Version)> _rows = [];

    public List<AuditEvent> Audit { get; } = [];

    public HashSet<Guid> Secrets { get; } = [];

    /// <summary>Runs just before a decision is written: lets a test slip in a competing decision.</summary>
    public Func<Task>? BeforeUpdate { get; set; }

    public Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken)
    {
        _rows[request.Id] = (Copy(request), 0);
        if (secret is not null)
        {
            Secrets.Add(request.Id);
        }

        Audit.Add(audit);
        return Task.CompletedTask;
    }

    public Task<ClusterRequest?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue(id, out var row) ? Copy(row.Request) : null);

    public Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ClusterRequest>>([.. _rows.Values.Select(r => r.Request).Where(r => teamIds.Contains(r.TeamId))
            .OrderByDescending(r => r.CreatedAt).Take(limit).Select(Copy)]);

    public Task<IReadOnlyList<ClusterRequest>> ListPendingAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ClusterRequest>>([.. _rows.Values.Select(r => r.Request).Where(r => r.Status == ClusterRequestStatus.PendingApproval)
            .OrderBy(r => r.CreatedAt).Take(limit).Select(Copy)]);

    public async Task UpdateAsync(ClusterRequest request, AuditEvent audit, bool deletePendingSecret, CancellationToken cancellationToken)
    {
        if (BeforeUpdate is { } before)
        {
            BeforeUpdate = null;
            await before();
        }

        var stored = _rows[request.Id];
        if (stored.Version != request.Version)
        {
            throw new RequestChangedConcurrentlyException(request.Id, new InvalidOperationException("stale"));
        }

        _rows[request.Id] = (Copy(request), stored.Version + 1);
        Bump(request);
        Audit.Add(audit);
        if (deletePendingSecret)
        {
            Secrets.Remove(request.Id);
        }
    }

    public ClusterRequest Stored(Guid id) => Copy(_rows[id].Request);

    // Requests are read and written as copies, as a database would.
    private static ClusterRequest Copy(ClusterRequest request) => (ClusterRequest)typeof(ClusterRequest).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
            .Invoke(request, null)!;

    private static void Bump(ClusterRequest request) =>
        typeof(ClusterRequest).GetProperty(nameof(ClusterRequest.Version))!.SetValue(request, request.Version + 1);
}

internal sealed class InMemoryPolicies : IPolicyStore, IQuotaUsageQuery
{
    public Dictionary<Guid, TeamQuota> Quotas { get; } = [];

    public Dictionary<Guid, QuotaUsage> Usage { get; } = [];

    public ApprovalPolicy? Policy { get; set; }

    public List<AuditEvent> Audit { get; } = [];

    public List<TeamOption> Teams { get; } = [People.Payments, People.Search];

    public Task<ApprovalPolicy?> GetApprovalPolicyAsync(CancellationToken cancellationToken) => Task.FromResult(Policy);

    public Task<IReadOnlyList<TeamPolicy>> ListTeamsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TeamPolicy>>([.. Teams.Select(t => new TeamPolicy(t, Quotas.GetValueOrDefault(t.Id)))]);

    public Task<TeamQuota?> GetQuotaAsync(Guid teamId, CancellationToken cancellationToken) => Task.FromResult(Quotas.GetValueOrDefault(teamId));

    public Task<bool> SetQuotaAsync(Guid teamId, QuotaLimits limits, Actor setBy, AuditEvent audit, CancellationToken cancellationToken)
    {
        if (Teams.All(t => t.Id != teamId))
        {
            return Task.FromResult(false);
        }

        var quota = Quotas.GetValueOrDefault(teamId) ?? new TeamQuota(teamId, setBy, audit.OccurredAt);
        quota.Set(limits.MaxClusters, limits.MaxTotalCores, limits.MaxTotalRamGb, limits.MaxTotalStorageGb, setBy, audit.OccurredAt);
        Quotas[teamId] = quota;
        Audit.Add(audit);
        return Task.FromResult(true);
    }

    public Task SetAutoApprovalAsync(AutoApprovalRule rule, Actor setBy, AuditEvent audit, CancellationToken cancellationToken)
    {
        Policy ??= new ApprovalPolicy(setBy, audit.OccurredAt);
        Policy.Set(rule.Enabled, rule.MaxCores, rule.MaxRamGb, rule.MaxInstances, rule.MaxStorageGb, setBy, audit.OccurredAt);
        Audit.Add(audit);
        return Task.CompletedTask;
    }

    public Task<QuotaUsage> GetUsageAsync(Guid teamId, CancellationToken cancellationToken) =>
        Task.FromResult(Usage.GetValueOrDefault(teamId) ?? QuotaUsage.Zero);

    public void SetQuota(Guid teamId, int? clusters, int? cores = null, int? ramGb = null, int? storageGb = null)
    {
        var quota = new TeamQuota(teamId, Actor.System, DateTimeOffset.UnixEpoch);
        quota.Set(clusters, cores, ramGb, storageGb, Actor.System, DateTimeOffset.UnixEpoch);
        Quotas[teamId] = quota;
    }
}

internal sealed class CountingSignal : IRequestExecutionSignal
{
    public int Wakes { get; private set; }

    public void Wake() => Wakes++;
}

internal sealed class RecordingNotifier : IRequestNotifier
{
    public List<RequestNotification> Sent { get; } = [];

    public Task NotifyAsync(RequestNotification notification, CancellationToken cancellationToken)
    {
        Sent.Add(notification);
        return Task.CompletedTask;
    }
}
