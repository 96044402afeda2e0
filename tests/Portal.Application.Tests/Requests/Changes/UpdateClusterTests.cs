using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;
using Portal.Application.Tests.Approvals;

namespace Portal.Application.Tests.Requests.Changes;

/// <summary>The domain rule of an update, the change form's rules, and the service's start and submit, over fakes.</summary>
public sealed class UpdateClusterTests
{
    private const string Password = "Kestrel7$Harbor";
    private const string ClusterId = "7d3b1e2a-0000-4000-8000-00000000c1a5";

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 15, 0, TimeSpan.Zero);

    private readonly FakeClusters _clusters = new();
    private readonly FakeVersions _versions = new();
    private readonly InMemoryRequests _store = new();
    private readonly ReversibleSecrets _secrets = new();
    private readonly OpenChanges _changes = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // ---- domain ----

    [Fact]
    public void SubmitUpdate_ChangesNothing_Throws()
    {
        var spec = People.Spec();

        Assert.Throws<ArgumentException>(() => ClusterRequest.SubmitUpdate(People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, spec, spec, Now));
    }

    [Fact]
    public void SubmitUpdate_ChangesTheNetwork_Throws()
    {
        var spec = People.Spec();

        Assert.Throws<ArgumentException>(() => ClusterRequest.SubmitUpdate(
            People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, spec, spec with { Cores = 4, LanId = "3" }, Now));
    }

    [Fact]
    public void Changes_SizeAndWindow_ListsExactlyTheChangedFieldsBeforeAndAfter()
    {
        var spec = People.Spec();
        var request = ClusterRequest.SubmitUpdate(People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, spec,
            spec with { Cores = 4, MaintenanceTime = new TimeOnly(22, 30) }, Now);

        Assert.Equal(
            [
                new FieldChange(ChangeableField.Cores, "Cores per instance", "2", "4"),
                new FieldChange(ChangeableField.MaintenanceTime, "Maintenance start", "09:00:00 UTC", "22:30:00 UTC"),
            ],
            request.Changes());
        Assert.Equal((ClusterRequestKind.Update, ClusterId, spec), (request.Kind, request.TargetClusterId, request.Baseline));
    }

    // ---- rules ----

    [Fact]
    public void Validate_StorageShrinks_SaysItCanOnlyGrow()
    {
        var report = UpdateClusterRules.Validate(Draft(d => d.StorageGb = 10), People.Spec(storageGb: 20), ["18"]);

        Assert.Contains("Storage can only grow: the cluster has 20 GB per instance now", report.FirstFor(DraftFields.StorageGb), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_VersionNotInCanUpgradeTo_NamesTheAllowedUpgrades()
    {
        var report = UpdateClusterRules.Validate(Draft(d => d.PostgresVersion = "16"), People.Spec(), ["18"]);

        Assert.Equal("PostgreSQL 17 can only be upgraded to 18 (never downgraded); you chose 16.", report.FirstFor(DraftFields.PostgresVersion));
    }

    [Fact]
    public void Validate_UpgradeToCanUpgradeToValue_IsValid()
    {
        Assert.True(UpdateClusterRules.Validate(Draft(d => d.PostgresVersion = "18"), People.Spec(), ["18"]).IsValid);
    }

    [Fact]
    public void Validate_WizardLimitsAndStrictReplication_SameMessagesAsTheWizard()
    {
        var report = UpdateClusterRules.Validate(Draft(d =>
        {
            d.Cores = 63;
            d.ReplicationMode = ReplicationMode.StrictlySynchronous;
            d.RetentionDays = 0;
            d.MaintenanceTime = "25:00";
        }), People.Spec(), []);

        Assert.Equal("Cores must be between 1 and 62 per instance; you entered 63.", report.FirstFor(DraftFields.Cores));
        Assert.StartsWith("Strictly synchronous replication needs at least 3 instances; you have 1.", report.FirstFor(DraftFields.ReplicationMode), StringComparison.Ordinal);
        Assert.NotNull(report.FirstFor(DraftFields.RetentionDays));
        Assert.NotNull(report.FirstFor(DraftFields.MaintenanceTime));
    }

    [Fact]
    public void Validate_NothingChanged_AsksForAChange()
    {
        var report = UpdateClusterRules.Validate(Draft(_ => { }), People.Spec(), []);

        Assert.Equal(UpdateClusterRules.NoChangeMessage, report.FirstFor(ValidationProblem.General));
    }

    // ---- service ----

    [Fact]
    public async Task Start_MemberOfTheTeam_PrefillsFromTheClusterAndOffersCanUpgradeTo()
    {
        _clusters.Add(People.Payments.Id, People.Spec(storageGb: 50) with { ConnectionPooler = ConnectionPooler.Session });
        _versions.Versions = [new("17", VersionSupportStatus.Recommended, "RECOMMENDED", null, ["18"]), new("16", VersionSupportStatus.Supported, "SUPPORTED", null, ["17", "18"])];

        var start = await Service().StartAsync(People.Rita, "de-txl", ClusterId, Ct);

        var form = Assert.IsType<UpdateClusterForm>(start.Form);
        Assert.Equal((50, ConnectionPooler.Session, "17", "09:00:00", "app_admin"), (form.Draft.StorageGb, form.Draft.ConnectionPooler, form.Draft.PostgresVersion, form.Draft.MaintenanceTime, form.Draft.Username));
        Assert.Equal(["17", "18"], form.VersionChoices);
        Assert.Equal(("3f2c6a8e-5b1d-4c7e-9a0f-2d4b6c8e1a3f", "eu-central-3", true), (form.Current.DatacenterId, form.Current.BackupLocation, form.CredentialsKnown));
    }

    [Fact]
    public async Task Start_NotAMemberOfTheClustersTeam_SaysWhoMayChangeItOrHidesIt()
    {
        var spec = People.Spec();
        _clusters.Add(People.Payments.Id, spec);

        var ravi = await Service().StartAsync(People.Ravi, "de-txl", ClusterId, Ct);
        var dana = await Service().StartAsync(People.Dana, "de-txl", ClusterId, Ct);

        // Ravi may not even see it; Dana sees every cluster but is not in its team.
        Assert.Null(ravi.Form);
        Assert.Equal("There is no such cluster, or you may not see it.", ravi.Problem);
        Assert.Null(dana.Form);
        Assert.Equal($"Only members of team Payments can change cluster '{spec.Name}'.", dana.Problem);
    }

    [Fact]
    public async Task Start_UnmanagedOrVanishedCluster_IsRefused()
    {
        // Only those who see every cluster see an unmanaged one; to anyone else it does not exist.
        _clusters.Add(null, People.Spec());
        Assert.Contains("not managed by the portal", (await Service().StartAsync(People.Dana, "de-txl", ClusterId, Ct)).Problem, StringComparison.Ordinal);
        Assert.Equal("There is no such cluster, or you may not see it.", (await Service().StartAsync(People.Rita, "de-txl", ClusterId, Ct)).Problem);

        _clusters.Add(People.Payments.Id, People.Spec(), vanishedAt: Now);
        Assert.Contains("no longer exists", (await Service().StartAsync(People.Rita, "de-txl", ClusterId, Ct)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Valid_StoresPendingUpdateWithBaselineEncryptedPasswordAndAudit()
    {
        var current = People.Spec();
        _clusters.Add(People.Payments.Id, current);

        var result = await Service().SubmitAsync(People.Rita, "de-txl", ClusterId, Draft(d => d.Cores = 8), Password, Password, Ct);

        Assert.True(result.Succeeded, string.Join(" | ", result.Report.Problems));
        var stored = _store.Stored(result.RequestId!.Value);
        Assert.Equal((ClusterRequestKind.Update, ClusterRequestStatus.PendingApproval, ClusterId, People.Payments.Id), (stored.Kind, stored.Status, stored.TargetClusterId, stored.TeamId));
        Assert.Equal(current, stored.Baseline);
        Assert.Equal(current with { Cores = 8 }, stored.Spec);
        Assert.Contains(stored.Id, _store.Secrets);
        Assert.Equal(Password, _secrets.Protected.Values.Single());
        var audit = Assert.Single(_store.Audit);
        Assert.Equal(CreateClusterService.SubmittedAction, audit.Action);
        Assert.Contains("\"field\":\"Cores\",\"before\":\"2\",\"after\":\"8\"", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_WithoutPassword_SaysWhyItIsNeededAndStoresNothing()
    {
        _clusters.Add(People.Payments.Id, People.Spec());

        var result = await Service().SubmitAsync(People.Rita, "de-txl", ClusterId, Draft(d => d.Cores = 8), null, null, Ct);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Report.FirstFor(DraftFields.Password));
        Assert.Empty(_store.Audit);
    }

    [Fact]
    public async Task Submit_ByAnotherTeam_IsRefusedAndStoresNothing()
    {
        _clusters.Add(People.Payments.Id, People.Spec());

        var result = await Service().SubmitAsync(People.Dana, "de-txl", ClusterId, Draft(d => d.Cores = 8), Password, Password, Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("Only members of team Payments", result.Report.FirstFor(ValidationProblem.General), StringComparison.Ordinal);
        Assert.Empty(_store.Audit);
    }

    [Fact]
    public async Task Submit_WhileAnotherChangeOfTheClusterIsOpen_IsRefusedNamingItAndStoresNothing()
    {
        var current = People.Spec();
        _clusters.Add(People.Payments.Id, current);
        _changes.Open = ClusterRequest.SubmitDelete(People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, current, Now.AddHours(-1));

        var result = await Service().SubmitAsync(People.Rita, "de-txl", ClusterId, Draft(d => d.Cores = 8), Password, Password, Ct);

        Assert.False(result.Succeeded);
        var message = result.Report.FirstFor(ValidationProblem.General);
        Assert.Contains("already has an open delete request", message, StringComparison.Ordinal);
        Assert.Contains(_changes.Open.Id.ToString(), message, StringComparison.Ordinal);
        Assert.Empty(_store.Audit);
    }

    [Fact]
    public async Task Submit_UpgradeWhileVersionsCannotBeLoaded_ExplainsAndStoresNothing()
    {
        _clusters.Add(People.Payments.Id, People.Spec());
        _versions.Failure = new IonosUnavailableException("IONOS answered 503");

        var result = await Service().SubmitAsync(People.Rita, "de-txl", ClusterId, Draft(d => d.PostgresVersion = "18"), Password, Password, Ct);

        Assert.False(result.Succeeded);
        Assert.Contains("could not be loaded from IONOS", result.Report.FirstFor(DraftFields.PostgresVersion), StringComparison.Ordinal);
        Assert.Empty(_store.Audit);
    }

    private static UpdateClusterDraft Draft(Action<UpdateClusterDraft> change)
    {
        var draft = UpdateClusterDraft.From(People.Spec());
        change(draft);
        return draft;
    }

    private UpdateClusterService Service() =>
        new(_clusters, new TeamsOf(), _versions, _secrets, _store, _changes, new FakeTimeProvider(Now), NullLogger<UpdateClusterService>.Instance);

    private sealed class OpenChanges : IClusterChangeStore
    {
        public ClusterRequest? Open { get; set; }

        public Task<ClusterRequest?> FindOpenChangeAsync(string region, string clusterId, CancellationToken cancellationToken) => Task.FromResult(Open);

        public Task<IReadOnlyList<ClusterRequest>> ListForClusterAsync(string region, string clusterId, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> UpdateSnapshotAsync(string region, string clusterId, Func<ClusterSnapshot, bool> change, AuditEvent audit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private sealed class TeamsOf : ITeamDirectory
    {
        public Task<IReadOnlyList<TeamOption>> GetTeamsAsync(PortalUser user, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TeamOption>>([.. new[] { People.Payments, People.Search }.Where(t => user.Teams.Contains(t.Slug))]);
    }

    private sealed class FakeClusters : IClusterReadStore
    {
        private ClusterDetailsData? _cluster;

        public void Add(Guid? teamId, ClusterSpec spec, DateTimeOffset? vanishedAt = null)
        {
            var row = new ClusterRow("de-txl", ClusterId, spec.Name, ClusterState.Available, "AVAILABLE", spec.PostgresVersion, spec.Instances, spec.Cores,
                spec.RamGb, spec.StorageGb, teamId, teamId == People.Payments.Id ? "Payments" : null, "pg.example", Now, vanishedAt);
            _cluster = new ClusterDetailsData(row, spec.Description,
                spec.ReplicationMode == ReplicationMode.StrictlySynchronous ? "STRICTLY_SYNCHRONOUS" : "ASYNCHRONOUS",
                spec.ConnectionPooler.ToString().ToUpperInvariant(), spec.DatacenterId, spec.LanId, spec.PrimaryInstanceAddress, spec.MaintenanceDay,
                spec.MaintenanceTime, spec.BackupLocation, spec.RetentionDays, null, null, null, null, null, Now, false, spec.DatabaseName, spec.Username, []);
        }

        public Task<ClusterDetailsData?> GetAsync(string region, string clusterId, ClusterVisibility visibility, CancellationToken cancellationToken) =>
            Task.FromResult(_cluster?.Summary.ClusterId == clusterId && region == "de-txl" ? _cluster : null);

        public Task<ClusterPageData> QueryAsync(ClusterQuery query, ClusterVisibility visibility, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<TeamFilterOption>> GetAllTeamsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class FakeVersions : IIonosCatalog
    {
        public IReadOnlyList<PostgresVersionOffering> Versions { get; set; } = [new("17", VersionSupportStatus.Recommended, "RECOMMENDED", null, ["18"])];

        public Exception? Failure { get; set; }

        public Task<IReadOnlyList<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult(Versions) : Task.FromException<IReadOnlyList<PostgresVersionOffering>>(Failure);

        public Task<IReadOnlyList<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class ReversibleSecrets : ISecretProtector
    {
        public Dictionary<string, string> Protected { get; } = [];

        public string Protect(string plaintext)
        {
            var ciphertext = "protected-" + Guid.NewGuid().ToString("N");
            Protected[ciphertext] = plaintext;
            return ciphertext;
        }

        public string Unprotect(string ciphertext) => Protected[ciphertext];
    }
}
