using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Clusters;
using Portal.Web.Identity;
using Portal.Web.Tests.Components.Wizard;

namespace Portal.Web.Tests.Components.Clusters;

/// <summary>The restore form: copied properties shown, the time window checked as people type, a valid form submitted as a Restore request.</summary>
public sealed class RestorePageTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly Ports _ports = new();

    public RestorePageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton<IClusterReadStore>(_ports);
        Services.AddSingleton<IBackupCatalog>(_ports);
        Services.AddSingleton<IClusterRequestStore>(_ports);
        Services.AddSingleton<IClusterNameAvailability>(_ports);
        Services.AddSingleton<ISecretProtector>(_ports);
        Services.AddSingleton<ITeamDirectory>(new FakeTeams());
        Services.AddSingleton<Portal.Application.Regions.IRegionCatalog>(new FixedRegions(["de-txl"]));
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        Services.AddScoped<CurrentUserAccessor>();
        Services.AddScoped<RestoreClusterService>();
        var auth = AddAuthorization();
        auth.SetAuthorized("Rita Requester");
        auth.SetClaims([
            new Claim(ClaimTypes.NameIdentifier, "rita"),
            new Claim("name", "Rita Requester"),
            new Claim(PortalClaims.Role, PortalRoles.Requester),
            new Claim(PortalClaims.Team, "payments"),
        ]);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void RestorePage_OutOfWindowTimeIsFlagged_ValidFormSubmitsARestoreRequest()
    {
        var page = Render<RestoreClusterPage>(p => p.Add(c => c.Region, "de-txl").Add(c => c.Id, "c-1").Add(c => c.BackupId, "b-1"));
        page.WaitForAssertion(() => Assert.Contains("3 × 4 cores / 16 GB / 100 GB", page.Find("[data-testid='restore-copied']").TextContent, StringComparison.Ordinal));

        Input(page, "restore-time").Input("2026-11-20 08:00:00");
        page.WaitForAssertion(() => Assert.Contains("outside this backup's recovery window", page.Markup, StringComparison.Ordinal));

        Input(page, "restore-time").Input("2026-11-25 09:30:00");
        Input(page, "restore-address").Input("192.168.1.101/24");
        Input(page, "restore-password").Input("Sup3r-Secret!Pw");
        Input(page, "restore-password-confirmation").Input("Sup3r-Secret!Pw");
        page.Find("[data-testid='restore-submit']").Click();

        page.WaitForAssertion(() => Assert.Single(_ports.Added));
        var request = _ports.Added[0];
        Assert.Equal((ClusterRequestKind.Restore, "orders-db-restored", "b-1", new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero)),
            (request.Kind, request.Spec.Name, request.Spec.RestoreSourceBackupId, request.Spec.RecoveryTargetTime));
        Assert.EndsWith($"/requests/{request.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<RestoreClusterPage> page, string testId)
    {
        var field = page.Find($"[data-testid='{testId}']");
        return field.TagName == "INPUT" ? field : field.QuerySelector("input")!;
    }

    private sealed class Ports : IClusterReadStore, IBackupCatalog, IClusterRequestStore, IClusterNameAvailability, ISecretProtector
    {
        public List<ClusterRequest> Added { get; } = [];

        public Task<ClusterPageData> QueryAsync(ClusterQuery query, ClusterVisibility visibility, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ClusterDetailsData?> GetAsync(string region, string clusterId, ClusterVisibility visibility, CancellationToken cancellationToken) =>
            Task.FromResult<ClusterDetailsData?>(clusterId != "c-1" ? null : new ClusterDetailsData(
                new ClusterRow("de-txl", "c-1", "orders-db", ClusterState.Available, "AVAILABLE", "17", 3, 4, 16, 100, FakeTeams.Payments.Id, "Payments",
                    "orders.example", Now, null),
                null, "ASYNCHRONOUS", "DISABLED", "5a029f4a-72e5-11ec-90d6-0242ac120003", "2", "192.168.1.100/24", DayOfWeek.Sunday, new TimeOnly(2, 0),
                "de", 7, null, "ops", Now.AddDays(-3), "ops", Now, Now, false, "orders", "orders_app", []));

        public Task<IReadOnlyList<TeamFilterOption>> GetAllTeamsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<BackupPage> ListAsync(string region, string? clusterId, int offset, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<BackupView?> GetAsync(string region, string backupId, CancellationToken cancellationToken) =>
            Task.FromResult<BackupView?>(backupId == "b-1" ? new BackupView("b-1", "c-1", "17", true, Now.AddDays(-1), null, "de", Now.AddDays(-1)) : null);

        public Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken)
        {
            Added.Add(request);
            return Task.CompletedTask;
        }

        Task<ClusterRequest?> IClusterRequestStore.GetAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult<ClusterRequest?>(null);

        public Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ClusterRequest>>([]);

        public Task<NameAvailability> CheckAsync(string region, string name, CancellationToken cancellationToken) => Task.FromResult(NameAvailability.Available);

        public string Protect(string plaintext) => "protected";

        public string Unprotect(string ciphertext) => throw new NotSupportedException();
    }
}
