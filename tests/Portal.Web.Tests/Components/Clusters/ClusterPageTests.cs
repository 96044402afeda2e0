using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Portal.Application.Audit;
using Portal.Application.Clusters;
using Portal.Application.Domain;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Pages;
using Portal.Web.Identity;
using Portal.Web.Tests.Components.Wizard;

namespace Portal.Web.Tests.Components.Clusters;

/// <summary>The cluster page's day-2 panels (backups, requests, audit, actions, admin) and the delete dialog, with in-memory ports.</summary>
public sealed class ClusterPageTests : BunitContext
{
    private const string Region = "de-txl";
    private const string ClusterId = "c-1";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly Store _store = new();
    private readonly BunitAuthorizationContext _auth;

    public ClusterPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton<IClusterReadStore>(_store);
        Services.AddSingleton<IClusterChangeStore>(_store);
        Services.AddSingleton<IBackupCatalog>(_store);
        Services.AddSingleton<IAuditLogReader>(_store);
        Services.AddSingleton<IClusterRequestStore>(_store);
        Services.AddSingleton<IClusterChangeFeed>(new ClusterChangeFeed());
        Services.AddSingleton<ITeamDirectory>(new FakeTeams());
        Services.AddSingleton<Portal.Application.Regions.IRegionCatalog>(new FixedRegions([Region]));
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        Services.AddScoped<CurrentUserAccessor>();
        Services.AddScoped<ClusterQueries>();
        Services.AddScoped<AuditLogQueries>();
        Services.AddPortalClusterChanges();
        _auth = AddAuthorization();
        SignInAs("rita", "Rita Requester", PortalRoles.Requester, "payments");
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void ClusterPage_TeamMember_SeesBackupsWithActiveMarkerRequestsAuditAndTheChangeAndDeleteActions()
    {
        var page = Render<ClusterDetails>(p => p.Add(c => c.Region, Region).Add(c => c.Id, ClusterId));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='backup-row']").Count));
        Assert.Single(page.FindAll("[data-testid='backup-active']"));
        Assert.Contains("2026-11-24 10:00:00 UTC", page.Find("[data-testid='backups-table']").TextContent, StringComparison.Ordinal);
        Assert.Equal("/clusters/de-txl/c-1/restore/b-1", page.FindAll("[data-testid='backup-restore']")[0].GetAttribute("href"));
        Assert.Equal("/clusters/de-txl/c-1/change", page.Find("[data-testid='change-cluster']").GetAttribute("href"));
        Assert.NotNull(page.Find("[data-testid='delete-cluster']"));
        Assert.Empty(page.FindAll("[data-testid='cluster-admin']"));
        Assert.Contains("Create", page.Find("[data-testid='cluster-request-row']").TextContent, StringComparison.Ordinal);
        Assert.Contains("request.submitted", page.Find("[data-testid='cluster-audit-row']").TextContent, StringComparison.Ordinal);
        Assert.Equal([(ClusterId, 0, BackupsPanelPageSize)], _store.BackupQueries);
    }

    [Fact]
    public void BackupsPanel_NextPage_AsksIonosWithTheOffset()
    {
        _store.MoreBackups = true;
        var page = Render<ClusterDetails>(p => p.Add(c => c.Region, Region).Add(c => c.Id, ClusterId));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='backup-row']").Count));

        page.Find("[data-testid='backups-next'] ").Click();

        page.WaitForAssertion(() => Assert.Equal((ClusterId, BackupsPanelPageSize, BackupsPanelPageSize), _store.BackupQueries.Last()));
    }

    [Fact]
    public void BackupsPanel_IonosDown_SaysSoAndTheRestOfThePageStillWorks()
    {
        _store.IonosDown = true;

        var page = Render<ClusterDetails>(p => p.Add(c => c.Region, Region).Add(c => c.Id, ClusterId));

        page.WaitForAssertion(() => Assert.Contains("could not be loaded from IONOS", page.Find("[data-testid='backups-error']").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid='cluster-properties']"));
        Assert.NotNull(page.Find("[data-testid='cluster-request-row']"));
    }

    [Fact]
    public void ClusterPage_DbaOutsideTheTeam_HasNoActions_AdminGetsTheAdminPanel()
    {
        SignInAs("dana", "Dana DBA", PortalRoles.Dba, "platform");
        var dba = Render<ClusterDetails>(p => p.Add(c => c.Region, Region).Add(c => c.Id, ClusterId));
        dba.WaitForAssertion(() => Assert.NotNull(dba.Find("[data-testid='cluster-properties']")));
        Assert.Empty(dba.FindAll("[data-testid='cluster-actions']"));
        Assert.Empty(dba.FindAll("[data-testid='backup-restore']"));

        SignInAs("adam", "Adam Admin", PortalRoles.Admin, "platform");
        var admin = Render<ClusterDetails>(p => p.Add(c => c.Region, Region).Add(c => c.Id, ClusterId));
        admin.WaitForAssertion(() => Assert.NotNull(admin.Find("[data-testid='deletion-protection-switch']")));
        Assert.Empty(admin.FindAll("[data-testid='adopt']"));
    }

    [Fact]
    public void DeleteDialog_WrongNameKeepsConfirmDisabled_RightNameSubmitsAndOpensTheRequest()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ClusterDetails>(p => p.Add(c => c.Region, Region).Add(c => c.Id, ClusterId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='delete-cluster']")));

        page.Find("[data-testid='delete-cluster']").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("orders-db", dialogs.Find("[data-testid='delete-expected-name']").TextContent));
        TypedName(dialogs).Input("Orders-db");
        Assert.True(dialogs.Find("[data-testid='confirm-delete']").HasAttribute("disabled"));

        TypedName(dialogs).Input("orders-db");
        dialogs.Find("[data-testid='confirm-delete']").Click();

        dialogs.WaitForAssertion(() => Assert.Single(_store.Added));
        var request = _store.Added[0];
        Assert.Equal((ClusterRequestKind.Delete, ClusterId), (request.Kind, request.TargetClusterId));
        page.WaitForAssertion(() => Assert.EndsWith($"/requests/{request.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
    }

    [Fact]
    public void DeleteDialog_ProtectionTurnedOnMeanwhile_ShowsTheServicesReason()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ClusterDetails>(p => p.Add(c => c.Region, Region).Add(c => c.Id, ClusterId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='delete-cluster']")));
        page.Find("[data-testid='delete-cluster']").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid='delete-typed-name']")));

        _store.Protected = true;
        TypedName(dialogs).Input("orders-db");
        dialogs.Find("[data-testid='confirm-delete']").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("An Admin can turn the protection off", dialogs.Find("[data-testid='delete-error']").TextContent, StringComparison.Ordinal));
        Assert.Empty(_store.Added);
    }

    private const int BackupsPanelPageSize = Portal.Web.Components.Clusters.BackupsPanel.PageSize;

    private static AngleSharp.Dom.IElement TypedName(IRenderedComponent<MudDialogProvider> dialogs)
    {
        var field = dialogs.Find("[data-testid='delete-typed-name']");
        return field.TagName == "INPUT" ? field : field.QuerySelector("input")!;
    }

    private void SignInAs(string id, string name, string role, string team)
    {
        _auth.SetAuthorized(name);
        _auth.SetClaims([
            new Claim(ClaimTypes.NameIdentifier, id),
            new Claim("name", name),
            new Claim(PortalClaims.Role, role),
            new Claim(PortalClaims.Team, team),
        ]);
    }

    /// <summary>One managed cluster (orders-db of Payments) with two backups, one request and one audit entry.</summary>
    private sealed class Store : IClusterReadStore, IClusterChangeStore, IBackupCatalog, IAuditLogReader, IClusterRequestStore
    {
        private readonly ClusterRequest _create = ClusterRequest.SubmitCreate(FakeTeams.Payments.Id, Region, new Actor("rita", "Rita Requester"), new ClusterSpec
        {
            Name = "orders-db", PostgresVersion = "17", Instances = 1, Cores = 2, RamGb = 4, StorageGb = 20, DatacenterId = "dc", LanId = "2",
            PrimaryInstanceAddress = "192.168.1.100/24", MaintenanceDay = DayOfWeek.Sunday, MaintenanceTime = new TimeOnly(2, 0),
            BackupLocation = "de", Username = "app", DatabaseName = "orders",
        }, Now.AddDays(-2));

        public bool IonosDown { get; set; }

        public bool MoreBackups { get; set; }

        public bool Protected { get; set; }

        public List<(string? ClusterId, int Offset, int Limit)> BackupQueries { get; } = [];

        public List<ClusterRequest> Added { get; } = [];

        public Task<ClusterPageData> QueryAsync(ClusterQuery query, ClusterVisibility visibility, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<ClusterDetailsData?> GetAsync(string region, string clusterId, ClusterVisibility visibility, CancellationToken cancellationToken)
        {
            var visible = region == Region && clusterId == ClusterId && (visibility.All || visibility.TeamIds.Contains(FakeTeams.Payments.Id));
            return Task.FromResult(visible
                ? new ClusterDetailsData(
                    new ClusterRow(Region, ClusterId, "orders-db", ClusterState.Available, "AVAILABLE", "17", 1, 2, 4, 20, FakeTeams.Payments.Id, "Payments",
                        "orders.example", Now.AddDays(-1), null),
                    null, "ASYNCHRONOUS", "DISABLED", "dc", "2", "192.168.1.100/24", DayOfWeek.Sunday, new TimeOnly(2, 0), "de", 7, null, "ops", Now.AddDays(-2),
                    "ops", Now.AddDays(-1), Now, Protected, "orders", "app", [])
                : null);
        }

        public Task<IReadOnlyList<TeamFilterOption>> GetAllTeamsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TeamFilterOption>>([new(FakeTeams.Payments.Id, "Payments")]);

        public Task<ClusterRequest?> FindOpenChangeAsync(string region, string clusterId, CancellationToken cancellationToken) =>
            Task.FromResult(Added.FirstOrDefault());

        public Task<IReadOnlyList<ClusterRequest>> ListForClusterAsync(string region, string clusterId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ClusterRequest>>([_create]);

        public Task<bool> UpdateSnapshotAsync(string region, string clusterId, Func<ClusterSnapshot, bool> change, AuditEvent audit, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<BackupPage> ListAsync(string region, string? clusterId, int offset, int limit, CancellationToken cancellationToken)
        {
            BackupQueries.Add((clusterId, offset, limit));
            return IonosDown
                ? throw new IonosUnavailableException("IONOS answered 503 ServiceUnavailable")
                : Task.FromResult(new BackupPage(
                [
                    new BackupView("b-1", ClusterId, "17", true, Now.AddDays(-1).AddHours(-2), null, "de", Now.AddDays(-1)),
                    new BackupView("b-0", ClusterId, "16", false, Now.AddDays(-9), Now.AddDays(-2), "de", Now.AddDays(-9)),
                ], offset, limit, MoreBackups));
        }

        public Task<BackupView?> GetAsync(string region, string backupId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuditRecord>> ReadPageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AuditRecord>>(filter.Cluster == ClusterId
                ? [new AuditRecord(1, Now.AddDays(-2), "rita", "Rita Requester", "request.submitted", "ClusterRequest", _create.Id.ToString(), FakeTeams.Payments.Id, "payments", Region, "c", "{}")]
                : []);

        public Task<int> CountAsync(AuditFilter filter, int cap, CancellationToken cancellationToken) => Task.FromResult(filter.Cluster == ClusterId ? 1 : 0);

        public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AuditEntry>> ReadChainAsync(long afterSequence, int batchSize, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AuditUnsealed> CountUnsealedAsync(DateTimeOffset overdueBefore, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> CountAllAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken)
        {
            Added.Add(request);
            return Task.CompletedTask;
        }

        Task<ClusterRequest?> IClusterRequestStore.GetAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult<ClusterRequest?>(null);

        public Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ClusterRequest>>([]);
    }
}
