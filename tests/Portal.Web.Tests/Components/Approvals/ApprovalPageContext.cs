using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Portal.Application.Domain;
using Portal.Application.Domain.Policies;
using Portal.Application.Domain.Requests;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Execution;
using Portal.Application.Requests.Notifications;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Components.Approvals;

/// <summary>
/// A bUnit context with the real <see cref="RequestDecisionService"/> and <see cref="PolicyService"/> over in-memory
/// ports (with the store's version check), signed in as Dana (DBA).
/// </summary>
public abstract class ApprovalPageContext : BunitContext
{
    public static readonly TeamOption Payments = new(Guid.Parse("0b6f6a6e-1111-4c1e-9a51-5b3f3f1a0001"), "payments", "Payments");
    public static readonly TeamOption Search = new(Guid.Parse("0b6f6a6e-2222-4c1e-9a51-5b3f3f1a0002"), "search", "Search");

    protected ApprovalPageContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IClusterRequestStore>(Requests);
        Services.AddSingleton<IRequestDecisionStore>(Requests);
        Services.AddSingleton<IPolicyStore>(Policies);
        Services.AddSingleton<IQuotaUsageQuery>(Policies);
        Services.AddSingleton<IRequestExecutionSignal>(new NoSignal());
        Services.AddSingleton<IRequestNotifier>(new NoNotifier());
        Services.AddSingleton(Options.Create(new PricingOptions()));
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddScoped<RequestDecisionService>();
        Services.AddScoped<PolicyService>();
        Services.AddScoped<CurrentUserAccessor>();
        Auth = AddAuthorization();
        SignInAs("dana", "Dana DBA", "Dba");
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected BunitAuthorizationContext Auth { get; }

    protected InMemoryRequests Requests { get; } = new();

    protected InMemoryPolicies Policies { get; } = new([Payments, Search]);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    protected void SignInAs(string id, string name, string role, params string[] teams)
    {
        Auth.SetAuthorized(name);
        Auth.SetClaims([
            new Claim(ClaimTypes.NameIdentifier, id),
            new Claim("name", name),
            new Claim(PortalClaims.Role, role),
            .. teams.Select(t => new Claim(PortalClaims.Team, t)),
        ]);
    }

    /// <summary>A pending create request of <paramref name="team"/> by <paramref name="requester"/>, submitted <paramref name="age"/> ago.</summary>
    protected ClusterRequest Submit(string name, Actor requester, TeamOption? team = null, TimeSpan? age = null, int instances = 1, int cores = 2)
    {
        var spec = SpecOf(name, instances, cores);
        var request = ClusterRequest.SubmitCreate((team ?? Payments).Id, "de-txl", requester, spec, Clock.GetUtcNow() - (age ?? TimeSpan.FromHours(1)));
        Requests.Add(request);
        return request;
    }

    /// <summary>A complete cluster spec of the given name and size.</summary>
    protected static ClusterSpec SpecOf(string name, int instances = 1, int cores = 2) => new()
    {
        Name = name,
        PostgresVersion = "17",
        Instances = instances,
        Cores = cores,
        RamGb = 4,
        StorageGb = 20,
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

    private sealed class NoSignal : IRequestExecutionSignal
    {
        public void Wake()
        {
        }
    }

    private sealed class NoNotifier : IRequestNotifier
    {
        public Task NotifyAsync(RequestNotification notification, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Requests and their audit events, with the store's version check (a stale write is refused).</summary>
public sealed class InMemoryRequests : IClusterRequestStore, IRequestDecisionStore
{
    private readonly Dictionary<Guid, (ClusterRequest Request, long Version)> _rows = [];

    public List<AuditEvent> Audit { get; } = [];

    /// <summary>Runs just before a decision is written: lets a test slip in a competing decision.</summary>
    public Func<Task>? BeforeUpdate { get; set; }

    public void Add(ClusterRequest request) => _rows[request.Id] = (Copy(request), 0);

    public Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken)
    {
        Add(request);
        Audit.Add(audit);
        return Task.CompletedTask;
    }

    public Task<ClusterRequest?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryGetValue(id, out var row) ? Copy(row.Request) : null);

    public Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ClusterRequest>>([.. _rows.Values.Select(r => r.Request).Where(r => teamIds.Contains(r.TeamId)).Take(limit).Select(Copy)]);

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

        typeof(ClusterRequest).GetProperty(nameof(ClusterRequest.Version))!.SetValue(request, request.Version + 1);
        _rows[request.Id] = (Copy(request), stored.Version + 1);
        Audit.Add(audit);
    }

    public ClusterRequest Stored(Guid id) => Copy(_rows[id].Request);

    // Requests are read and written as copies, as a database would.
    private static ClusterRequest Copy(ClusterRequest request) =>
        (ClusterRequest)typeof(ClusterRequest).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
            .Invoke(request, null)!;
}

public sealed class InMemoryPolicies(IReadOnlyList<TeamOption> teams) : IPolicyStore, IQuotaUsageQuery
{
    public Dictionary<Guid, TeamQuota> Quotas { get; } = [];

    public Dictionary<Guid, QuotaUsage> Usage { get; } = [];

    public ApprovalPolicy? Policy { get; set; }

    public List<AuditEvent> Audit { get; } = [];

    public Task<ApprovalPolicy?> GetApprovalPolicyAsync(CancellationToken cancellationToken) => Task.FromResult(Policy);

    public Task<IReadOnlyList<TeamPolicy>> ListTeamsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TeamPolicy>>([.. teams.Select(t => new TeamPolicy(t, Quotas.GetValueOrDefault(t.Id)))]);

    public Task<TeamQuota?> GetQuotaAsync(Guid teamId, CancellationToken cancellationToken) => Task.FromResult(Quotas.GetValueOrDefault(teamId));

    public Task<bool> SetQuotaAsync(Guid teamId, QuotaLimits limits, Actor setBy, AuditEvent audit, CancellationToken cancellationToken)
    {
        if (teams.All(t => t.Id != teamId))
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

    public void SetQuota(Guid teamId, int? clusters, int? cores = null)
    {
        var quota = new TeamQuota(teamId, Actor.System, DateTimeOffset.UnixEpoch);
        quota.Set(clusters, cores, null, null, Actor.System, DateTimeOffset.UnixEpoch);
        Quotas[teamId] = quota;
    }
}
