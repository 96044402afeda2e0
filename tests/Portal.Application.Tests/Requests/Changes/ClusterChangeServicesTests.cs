using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;
using Portal.Application.Tests.Approvals;

namespace Portal.Application.Tests.Requests.Changes;

/// <summary>The rules of delete and restore requests and of the admin actions, with in-memory ports.</summary>
public sealed class ClusterChangeServicesTests
{
    private const string Region = "de-txl";
    private const string ClusterId = "5e0c4a54-9d6e-4b8a-9a3c-6b1f0f6c1a01";
    private const string Password = "Sup3r-Secret!Pw";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeClusters _clusters = new();
    private readonly FakeChanges _changes = new();
    private readonly InMemoryRequests _requests = new();
    private readonly FakeBackups _backups = new();
    private readonly FakeNames _names = new();
    private readonly FakeTimeProvider _time = new(Now);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ClusterChangeServicesTests()
    {
        _clusters.Add(Cluster("orders-db", People.Payments.Id));
        _backups.Items.Add(new BackupView("b-1", ClusterId, "17", true, Now.AddDays(-2), null, "de", Now.AddDays(-2)));
    }

    [Fact]
    public async Task Delete_TypedNameMatches_StoresPendingDeleteWithAuditAndTheClusterAsItWas()
    {
        var result = await DeleteService().SubmitAsync(People.Rita, Region, ClusterId, "orders-db", Ct);

        Assert.True(result.Succeeded, string.Join("; ", result.Report.Problems.Select(p => p.Message)));
        var stored = _requests.Stored(result.RequestId!.Value);
        Assert.Equal(
            (ClusterRequestKind.Delete, ClusterRequestStatus.PendingApproval, ClusterId, People.Payments.Id, "orders-db", 3),
            (stored.Kind, stored.Status, stored.TargetClusterId, stored.TeamId, stored.Spec.Name, stored.Spec.Instances));
        var audit = Assert.Single(_requests.Audit);
        Assert.Equal(CreateClusterService.SubmittedAction, audit.Action);
        Assert.Contains("\"Delete\"", audit.Details, StringComparison.Ordinal);
        Assert.Empty(_requests.Secrets);
    }

    [Theory]
    [InlineData("", "Type the cluster's name, orders-db")]
    [InlineData("Orders-DB", "Type orders-db exactly")]
    [InlineData("orders-db ", "Type orders-db exactly")]
    public async Task Delete_TypedNameDiffers_IsRefusedSayingWhatToType(string typed, string expected)
    {
        var result = await DeleteService().SubmitAsync(People.Rita, Region, ClusterId, typed, Ct);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Report.FirstFor(DeleteClusterService.TypedNameField), StringComparison.Ordinal);
        Assert.Empty(_requests.Audit);
    }

    [Fact]
    public async Task Delete_DeletionProtected_IsRefusedNamingWhoCanLiftIt()
    {
        _clusters.Add(Cluster("orders-db", People.Payments.Id) with { DeletionProtected = true });

        var result = await DeleteService().SubmitAsync(People.Rita, Region, ClusterId, "orders-db", Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("An Admin can turn the protection off", result.Report.FirstFor(DeleteClusterService.ClusterField), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_SecondOpenDelete_IsRefusedNamingTheOpenRequest()
    {
        var first = await DeleteService().SubmitAsync(People.Rita, Region, ClusterId, "orders-db", Ct);
        var open = ClusterRequest.SubmitDelete(People.Payments.Id, Region, People.ActorOf(People.Rita), ClusterId, People.Spec(), Now);
        _changes.Open.Add(open);

        var second = await DeleteService().SubmitAsync(People.Rita, Region, ClusterId, "orders-db", Ct);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        var message = second.Report.FirstFor(DeleteClusterService.ClusterField);
        Assert.Contains("already has an open delete request", message, StringComparison.Ordinal);
        Assert.Contains(open.Id.ToString(), message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WhileAChangeIsOpen_IsRefusedNamingTheChange()
    {
        var spec = People.Spec();
        _changes.Open.Add(ClusterRequest.SubmitUpdate(People.Payments.Id, Region, People.ActorOf(People.Rita), ClusterId, spec, spec with { Cores = 4 }, Now));

        var result = await DeleteService().SubmitAsync(People.Rita, Region, ClusterId, "orders-db", Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("already has an open change request", result.Report.FirstFor(DeleteClusterService.ClusterField), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ByAnotherTeamsMemberOrDbaOrOnUnmanagedCluster_IsRefused()
    {
        var ravi = await DeleteService().SubmitAsync(People.Ravi, Region, ClusterId, "orders-db", Ct);
        var dana = await DeleteService().SubmitAsync(People.Dana, Region, ClusterId, "orders-db", Ct);
        _clusters.Add(Cluster("orders-db", null));
        var unmanaged = await DeleteService().SubmitAsync(People.Dana, Region, ClusterId, "orders-db", Ct);

        Assert.Contains("no such cluster", ravi.Report.FirstFor(DeleteClusterService.ClusterField), StringComparison.Ordinal);
        Assert.Contains("Only members of team Payments", dana.Report.FirstFor(DeleteClusterService.ClusterField), StringComparison.Ordinal);
        Assert.Contains("not managed by the portal", unmanaged.Report.FirstFor(DeleteClusterService.ClusterField), StringComparison.Ordinal);
        Assert.Empty(_requests.Audit);
    }

    [Fact]
    public async Task Restore_ValidForm_StoresRestoreRequestWithBackupTimeCopiedSpecAndEncryptedPassword()
    {
        var service = RestoreService();
        var (start, refusal) = await service.StartAsync(People.Rita, Region, ClusterId, "b-1", Ct);
        Assert.Null(refusal);
        var draft = start!.Draft;
        draft.Name = "orders-copy";
        draft.PrimaryInstanceAddress = "192.168.1.101/24";
        draft.RecoveryTargetTime = Now.AddHours(-3);

        var result = await service.SubmitAsync(People.Rita, draft, Password, Password, Ct);

        Assert.True(result.Succeeded, string.Join("; ", result.Report.Problems.Select(p => p.Message)));
        var stored = _requests.Stored(result.RequestId!.Value);
        Assert.Equal(
            (ClusterRequestKind.Restore, "orders-copy", "b-1", Now.AddHours(-3), "192.168.1.101/24", 3, 4, "orders"),
            (stored.Kind, stored.Spec.Name, stored.Spec.RestoreSourceBackupId, stored.Spec.RecoveryTargetTime, stored.Spec.PrimaryInstanceAddress,
                stored.Spec.Instances, stored.Spec.Cores, stored.Spec.DatabaseName));
        Assert.Contains(result.RequestId.Value, _requests.Secrets);
        Assert.DoesNotContain(Password, Assert.Single(_requests.Audit).Details, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_TimeOutsideTheBackupWindow_IsRefusedShowingTheWindowInUtc()
    {
        var backup = _backups.Items[0] with { LatestRecoveryTime = Now.AddHours(-1) };

        var before = RestoreClusterService.CheckRecoveryTime(Now.AddDays(-3), backup, Now);
        var onEarliest = RestoreClusterService.CheckRecoveryTime(Now.AddDays(-2), backup, Now);
        var after = RestoreClusterService.CheckRecoveryTime(Now.AddMinutes(-30), backup, Now);
        var missing = RestoreClusterService.CheckRecoveryTime(null, backup, Now);
        var inside = RestoreClusterService.CheckRecoveryTime(Now.AddHours(-1), backup, Now);

        Assert.Contains("after 2026-02-28 12:00:00 UTC and at the latest 2026-03-02 11:00:00 UTC", before!.Message, StringComparison.Ordinal);
        Assert.NotNull(onEarliest);
        Assert.NotNull(after);
        Assert.StartsWith("Choose the point in time", missing!.Message, StringComparison.Ordinal);
        Assert.Null(inside);
        Assert.Null(RestoreClusterService.CheckRecoveryTime(Now, _backups.Items[0], Now));
        Assert.NotNull(RestoreClusterService.CheckRecoveryTime(Now.AddSeconds(1), _backups.Items[0], Now));
    }

    [Fact]
    public async Task Restore_BadFields_ReportsEachWithTheWizardsRulesAndSavesNothing()
    {
        var service = RestoreService();
        var (start, _) = await service.StartAsync(People.Rita, Region, ClusterId, "b-1", Ct);
        var draft = start!.Draft;
        draft.Name = "-bad name";
        draft.PrimaryInstanceAddress = "192.168.1.100/24";
        draft.RecoveryTargetTime = Now.AddDays(1);
        _names.Taken.Add("orders-db-restored");

        var result = await service.SubmitAsync(People.Rita, draft, "short", "other", Ct);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Report.For(DraftFields.Name), m => m.Contains("begin and end with a letter or digit", StringComparison.Ordinal));
        Assert.Contains("is the source cluster's address", result.Report.FirstFor(DraftFields.PrimaryInstanceAddress), StringComparison.Ordinal);
        Assert.NotNull(result.Report.FirstFor(RestoreClusterService.RecoveryTimeField));
        Assert.NotNull(result.Report.FirstFor(DraftFields.Password));
        Assert.NotNull(result.Report.FirstFor(DraftFields.PasswordConfirmation));
        Assert.Empty(_requests.Audit);

        draft.Name = "orders-db-restored";
        var taken = await service.ValidateAsync(draft, start.Source, start.Backup, checkName: true, Ct);
        Assert.Equal("taken", taken.FirstFor(DraftFields.Name));
    }

    [Fact]
    public async Task Restore_BackupOfAnotherClusterOrIonosDown_IsRefusedAndNothingIsLost()
    {
        _backups.Items.Add(new BackupView("b-other", "another-cluster", "17", true, Now.AddDays(-1), null, "de", null));
        var service = RestoreService();
        var (start, _) = await service.StartAsync(People.Rita, Region, ClusterId, "b-1", Ct);
        var draft = start!.Draft;
        draft.PrimaryInstanceAddress = "192.168.1.101/24";
        draft.BackupId = "b-other";

        var other = await service.SubmitAsync(People.Rita, draft, Password, Password, Ct);
        _backups.Down = true;
        draft.BackupId = "b-1";
        var down = await service.SubmitAsync(People.Rita, draft, Password, Password, Ct);

        Assert.Contains("is not a backup of cluster 'orders-db'", other.Report.FirstFor(RestoreClusterService.BackupField), StringComparison.Ordinal);
        Assert.Contains("nothing you entered is lost", down.Report.FirstFor(RestoreClusterService.BackupField), StringComparison.Ordinal);
        Assert.Empty(_requests.Audit);
    }

    [Fact]
    public async Task Administration_NonAdmin_IsRefusedAndNothingChanges()
    {
        var admin = new ClusterAdministrationService(_clusters, _changes, _time, NullLogger<ClusterAdministrationService>.Instance);

        var protect = await admin.SetDeletionProtectionAsync(People.Dana, Region, ClusterId, true, Ct);
        _clusters.Add(Cluster("orders-db", null));
        var adopt = await admin.AdoptAsync(People.Rita, Region, ClusterId, People.Payments.Id, Ct);
        var adopted = await admin.AdoptAsync(People.Adam, Region, ClusterId, People.Payments.Id, Ct);

        Assert.Equal((false, false, true), (protect.Succeeded, adopt.Succeeded, adopted.Succeeded));
        Assert.Equal(ClusterAdministrationService.AdoptedAction, Assert.Single(_changes.Audit).Action);
    }

    private DeleteClusterService DeleteService() =>
        new(_clusters, new MemberTeams(), _changes, _requests, _time, NullLogger<DeleteClusterService>.Instance);

    private RestoreClusterService RestoreService() =>
        new(_clusters, new MemberTeams(), _backups, _names, new FakeSecrets(), _requests, new ConfiguredRegions(), _time, NullLogger<RestoreClusterService>.Instance);

    private static ClusterDetailsData Cluster(string name, Guid? teamId) => new(
        new ClusterRow(Region, ClusterId, name, ClusterState.Available, "AVAILABLE", "17", 3, 4, 16, 100, teamId,
            teamId == People.Payments.Id ? "Payments" : null, $"{name}.example", Now.AddDays(-1), null),
        "orders", "STRICTLY_SYNCHRONOUS", "TRANSACTION", "9a1b2c3d-0000-4000-8000-000000000001", "2", "192.168.1.100/24",
        DayOfWeek.Wednesday, new TimeOnly(3, 30), "de", 14, null, "ops", Now.AddDays(-5), "ops", Now.AddDays(-1), Now, false,
        "orders", "orders_app", []);

    private sealed class FakeClusters : IClusterReadStore
    {
        private ClusterDetailsData? _cluster;

        public void Add(ClusterDetailsData cluster) => _cluster = cluster;

        public Task<ClusterPageData> QueryAsync(ClusterQuery query, ClusterVisibility visibility, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<ClusterDetailsData?> GetAsync(string region, string clusterId, ClusterVisibility visibility, CancellationToken cancellationToken) =>
            Task.FromResult(_cluster is { } c && c.Summary.Region == region && c.Summary.ClusterId == clusterId ? c : null);

        public Task<IReadOnlyList<TeamFilterOption>> GetAllTeamsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TeamFilterOption>>([new(People.Payments.Id, "Payments"), new(People.Search.Id, "Search")]);
    }

    private sealed class FakeChanges : IClusterChangeStore
    {
        public List<ClusterRequest> Open { get; } = [];

        public List<AuditEvent> Audit { get; } = [];

        public Task<ClusterRequest?> FindOpenChangeAsync(string region, string clusterId, CancellationToken cancellationToken) =>
            Task.FromResult(Open.FirstOrDefault(r => r.Region == region && r.TargetClusterId == clusterId));

        public Task<IReadOnlyList<ClusterRequest>> ListForClusterAsync(string region, string clusterId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ClusterRequest>>([]);

        public Task<bool> UpdateSnapshotAsync(string region, string clusterId, Func<ClusterSnapshot, bool> change, AuditEvent audit, CancellationToken cancellationToken)
        {
            Audit.Add(audit);
            return Task.FromResult(true);
        }
    }

    private sealed class FakeBackups : IBackupCatalog
    {
        public List<BackupView> Items { get; } = [];

        public bool Down { get; set; }

        public Task<BackupPage> ListAsync(string region, string? clusterId, int offset, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<BackupView?> GetAsync(string region, string backupId, CancellationToken cancellationToken) => Down
            ? throw new IonosUnavailableException("IONOS answered 503")
            : Task.FromResult(Items.FirstOrDefault(b => b.Id == backupId));
    }

    private sealed class FakeNames : IClusterNameAvailability
    {
        public HashSet<string> Taken { get; } = [];

        public Task<NameAvailability> CheckAsync(string region, string name, CancellationToken cancellationToken) =>
            Task.FromResult(Taken.Contains(name) ? new NameAvailability(false, "taken") : NameAvailability.Available);
    }

    private sealed class MemberTeams : ITeamDirectory
    {
        public Task<IReadOnlyList<TeamOption>> GetTeamsAsync(PortalUser user, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TeamOption>>([.. new[] { People.Payments, People.Search }.Where(t => user.Teams.Contains(t.Slug))]);
    }

    private sealed class FakeSecrets : ISecretProtector
    {
        public string Protect(string plaintext) => "protected";

        public string Unprotect(string ciphertext) => throw new NotSupportedException();
    }

    private sealed class ConfiguredRegions : IRegionCatalog
    {
        public IReadOnlyList<string> Regions { get; } = [Region];
    }
}
