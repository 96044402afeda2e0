using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Application.Requests.Create;

namespace Portal.Application.Tests.Requests.Create;

public sealed class CreateClusterServiceSubmitTests
{
    private const string Password = "Kestrel7$Harbor";

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 15, 0, TimeSpan.Zero);

    private readonly PortalUser _ada = new("user-ada", "Ada Lovelace", new HashSet<string> { "Requester" }, ["payments"]);
    private readonly FakeCatalog _catalog = new();
    private readonly FakeNetwork _network = new();
    private readonly FakeNames _names = new();
    private readonly FakeDrafts _drafts = new();
    private readonly FakeSecrets _secrets = new();
    private readonly RecordingRequestStore _store = new();
    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public async Task Submit_Valid_StoresOnePendingRequestForTheTeam()
    {
        var result = await Submit(WizardData.ValidDraft());

        Assert.True(result.Succeeded, string.Join(" | ", result.Report.Problems));
        var call = Assert.Single(_store.Calls);
        Assert.Equal(result.RequestId, call.Request.Id);
        Assert.Equal(ClusterRequestStatus.PendingApproval, call.Request.Status);
        Assert.Equal(ClusterRequestKind.Create, call.Request.Kind);
        Assert.Equal(WizardData.Payments.Id, call.Request.TeamId);
        Assert.Equal("user-ada", call.Request.RequestedById);
        Assert.Equal("Ada Lovelace", call.Request.RequestedByName);
        Assert.Equal("de-txl", call.Request.Region);
        Assert.Equal("orders-db", call.Request.ClusterName);
        Assert.Equal(Now, call.Request.CreatedAt);
        Assert.Equal(new TimeOnly(9, 0), call.Request.Spec.MaintenanceTime);
    }

    [Fact]
    public async Task Submit_Valid_StoresThePasswordOnlyEncrypted()
    {
        await Submit(WizardData.ValidDraft());

        var secret = Assert.Single(_store.Calls).Secret;
        Assert.NotNull(secret);
        Assert.Equal(_store.Calls[0].Request.Id, secret.RequestId);
        Assert.NotEqual(Password, secret.Ciphertext);
        Assert.DoesNotContain(Password, secret.Ciphertext, StringComparison.Ordinal);
        Assert.Equal(Password, _secrets.Unprotect(secret.Ciphertext));
    }

    [Fact]
    public async Task Submit_Valid_WritesOneSubmittedAuditEventWithoutThePassword()
    {
        await Submit(WizardData.ValidDraft());

        var (request, _, audit) = Assert.Single(_store.Calls);
        Assert.Equal(CreateClusterService.SubmittedAction, audit.Action);
        Assert.Equal("request.submitted", audit.Action);
        Assert.Equal(request.Id.ToString(), audit.TargetId);
        Assert.Equal(WizardData.Payments.Id, audit.TeamId);
        Assert.Equal("user-ada", audit.Actor.Id);
        Assert.Equal(Now, audit.OccurredAt);
        Assert.Contains("orders-db", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Valid_DeletesTheDraft()
    {
        await Submit(WizardData.ValidDraft());

        Assert.Equal(["user-ada"], _drafts.Deleted);
    }

    [Fact]
    public async Task Submit_TamperedCores_IsRefusedWithTheRulesMessageAndNothingIsStored()
    {
        var draft = WizardData.With(d => d.Cores = 500);

        var result = await Submit(draft);

        AssertRefusedLikeTheRules(result, draft, DraftFields.Cores);
        Assert.Equal("Cores must be between 1 and 62 per instance; you entered 500.", result.Report.FirstFor(DraftFields.Cores));
    }

    [Fact]
    public async Task Submit_VersionNotInTheCatalog_IsRefusedWithTheRulesMessageAndNothingIsStored()
    {
        var draft = WizardData.With(d => d.PostgresVersion = "9");

        var result = await Submit(draft);

        AssertRefusedLikeTheRules(result, draft, DraftFields.PostgresVersion);
        Assert.Equal("PostgreSQL version '9' is not offered in this region. Choose one of 17, 16.", result.Report.FirstFor(DraftFields.PostgresVersion));
    }

    [Fact]
    public async Task Submit_AnotherTeamsSlug_IsRefusedWithTheRulesMessageAndNothingIsStored()
    {
        var draft = WizardData.With(d => d.TeamSlug = "search");

        var result = await Submit(draft);

        Assert.False(result.Succeeded);
        var expected = CreateClusterRules.ValidateAll(draft, WizardData.Context()).FirstFor(DraftFields.Team);
        Assert.Equal("You are not a member of team 'search'. Pick one of your teams: payments.", expected);
        Assert.Equal(expected, result.Report.FirstFor(DraftFields.Team));
        AssertNothingSaved();
    }

    [Fact]
    public async Task Submit_SeveralTamperedFields_ReportsEachAndStoresNothing()
    {
        var draft = WizardData.With(d => (d.Cores, d.PostgresVersion, d.ReplicationMode, d.Instances) = (500, "9", ReplicationMode.StrictlySynchronous, 2));

        var result = await Submit(draft);

        Assert.Equal(CreateClusterRules.ValidateAll(draft, WizardData.Context()).Problems, result.Report.Problems);
        Assert.Equal(3, result.Report.Problems.Count);
        AssertNothingSaved();
    }

    [Fact]
    public async Task Submit_WeakPassword_IsRefusedAndNoMessageContainsIt()
    {
        const string weak = "kestrelharbor";

        var result = await Submit(WizardData.ValidDraft(), weak, weak);

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Report.For(DraftFields.Password));
        Assert.All(result.Report.Problems, p => Assert.DoesNotContain(weak, p.Message, StringComparison.Ordinal));
        AssertNothingSaved();
    }

    [Fact]
    public async Task Submit_ConfirmationMismatch_IsRefusedAndNothingIsStored()
    {
        var result = await Submit(WizardData.ValidDraft(), Password, Password + "x");

        Assert.Equal(
            [new ValidationProblem(DraftFields.PasswordConfirmation, "The confirmation does not match the password; type the same password in both fields.")],
            result.Report.Problems);
        AssertNothingSaved();
    }

    [Fact]
    public async Task Submit_IonosUnreachable_IsRefusedWithAMessageAndNothingIsStored()
    {
        _catalog.Failure = new IonosUnavailableException("IONOS answered 503 ServiceUnavailable");

        var result = await Submit(WizardData.ValidDraft());

        Assert.False(result.Succeeded);
        var problem = Assert.Single(result.Report.Problems);
        Assert.Contains("could not be loaded from IONOS: IONOS answered 503 ServiceUnavailable", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Your request was not submitted; nothing you entered is lost.", problem.Message, StringComparison.Ordinal);
        AssertNothingSaved();
    }

    [Fact]
    public async Task Submit_NameTaken_IsRefusedWithTheReasonAndNothingIsStored()
    {
        _names.Taken = new NameAvailability(false, "A cluster named orders-db exists in de-txl.");

        var result = await Submit(WizardData.ValidDraft());

        Assert.Equal([new ValidationProblem(DraftFields.Name, "A cluster named orders-db exists in de-txl.")], result.Report.Problems);
        AssertNothingSaved();
    }

    [Fact]
    public async Task Submit_DatacenterNotInTheRegion_IsRefusedAndNothingIsStored()
    {
        _network.Datacenters = [new("9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a", "Other", "de/fra")];

        var result = await Submit(WizardData.ValidDraft());

        Assert.NotNull(result.Report.FirstFor(DraftFields.DatacenterId));
        AssertNothingSaved();
    }

    [Fact]
    public async Task Submit_CloudApiUnreachable_KeepsTheValidatedManualNetworkEntry()
    {
        _network.Failure = new IonosUnavailableException("Cloud API timed out");

        var result = await Submit(WizardData.ValidDraft());

        Assert.True(result.Succeeded, string.Join(" | ", result.Report.Problems));
        Assert.Single(_store.Calls);
    }

    private async Task<SubmitResult> Submit(CreateClusterDraft draft, string? password = Password, string? confirmation = Password) =>
        await Service().SubmitAsync(_ada, draft, password, confirmation, TestContext.Current.CancellationToken);

    private CreateClusterService Service() => new(
        _catalog,
        _network,
        _names,
        _drafts,
        _secrets,
        new FakePayloadPreview(),
        new FakeTeams([WizardData.Payments]),
        _store,
        new FixedRegions(["de-txl", "de-fra"]),
        Options.Create(new PricingOptions()),
        Options.Create(new SizingPresetOptions()),
        _time,
        NullLogger<CreateClusterService>.Instance);

    private void AssertRefusedLikeTheRules(SubmitResult result, CreateClusterDraft draft, string field)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.RequestId);
        Assert.Equal(CreateClusterRules.ValidateAll(draft, WizardData.Context()).Problems, result.Report.Problems);
        Assert.All(result.Report.Problems, p => Assert.Equal(field, p.Field));
        AssertNothingSaved();
    }

    private void AssertNothingSaved()
    {
        Assert.Empty(_store.Calls);
        Assert.Empty(_drafts.Deleted);
        Assert.Empty(_secrets.Protected);
    }

    private sealed class RecordingRequestStore : IClusterRequestStore
    {
        public List<(ClusterRequest Request, PendingSecret? Secret, AuditEvent Audit)> Calls { get; } = [];

        public Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken)
        {
            Calls.Add((request, secret, audit));
            return Task.CompletedTask;
        }

        public Task<ClusterRequest?> GetAsync(Guid id, CancellationToken cancellationToken) =>
            Task.FromResult(Calls.Select(c => c.Request).FirstOrDefault(r => r.Id == id));

        public Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ClusterRequest>>([.. Calls.Select(c => c.Request).Where(r => teamIds.Contains(r.TeamId)).Take(limit)]);
    }

    private sealed class FakeCatalog : IIonosCatalog
    {
        public Exception? Failure { get; set; }

        public Task<IReadOnlyList<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult(WizardData.Versions) : Task.FromException<IReadOnlyList<PostgresVersionOffering>>(Failure);

        public Task<IReadOnlyList<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult(WizardData.BackupLocations) : Task.FromException<IReadOnlyList<BackupLocationOffering>>(Failure);
    }

    private sealed class FakeNetwork : INetworkCatalog
    {
        public Exception? Failure { get; set; }

        public IReadOnlyList<DatacenterOption> Datacenters { get; set; } = [new(WizardData.DatacenterId, "Shop", "de/txl")];

        public Task<IReadOnlyList<DatacenterOption>> GetDatacentersAsync(string region, CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult(Datacenters) : Task.FromException<IReadOnlyList<DatacenterOption>>(Failure);

        public Task<IReadOnlyList<LanOption>> GetPrivateLansAsync(string datacenterId, CancellationToken cancellationToken) =>
            Failure is null ? Task.FromResult<IReadOnlyList<LanOption>>([new("2", "backend")]) : Task.FromException<IReadOnlyList<LanOption>>(Failure);
    }

    private sealed class FakeNames : IClusterNameAvailability
    {
        public NameAvailability Taken { get; set; } = NameAvailability.Available;

        public Task<NameAvailability> CheckAsync(string region, string name, CancellationToken cancellationToken) => Task.FromResult(Taken);
    }

    private sealed class FakeDrafts : IWizardDraftStore
    {
        public List<string> Deleted { get; } = [];

        public Task<CreateClusterDraft?> LoadAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<CreateClusterDraft?>(null);

        public Task SaveAsync(string userId, CreateClusterDraft draft, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeleteAsync(string userId, CancellationToken cancellationToken)
        {
            Deleted.Add(userId);
            return Task.CompletedTask;
        }
    }

    /// <summary>Hands out opaque tokens and remembers what they stand for, as Data Protection would decrypt them.</summary>
    private sealed class FakeSecrets : ISecretProtector
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

    private sealed class FakePayloadPreview : IClusterPayloadPreview
    {
        public string RenderCreateBody(ClusterSpec spec) => "{}";
    }

    private sealed class FakeTeams(IReadOnlyList<TeamOption> teams) : ITeamDirectory
    {
        public Task<IReadOnlyList<TeamOption>> GetTeamsAsync(PortalUser user, CancellationToken cancellationToken) => Task.FromResult(teams);
    }

    private sealed class FixedRegions(IReadOnlyList<string> regions) : IRegionCatalog
    {
        public IReadOnlyList<string> Regions { get; } = regions;
    }
}
