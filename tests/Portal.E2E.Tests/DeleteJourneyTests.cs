using System.Text.RegularExpressions;
using Ionos.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Application.Regions;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Persistence;
using Portal.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Tests;

/// <summary>
/// Rita asks for her team's cluster to be deleted with the typed name, Dana approves, and Rita's open dashboard loses
/// the cluster without a reload (executor DELETE, emulator DESTROYING then gone, refresher publishes).
/// </summary>
public sealed partial class DeleteJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const string ClusterName = "ledger-old";

    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;
    private Uri _baseAddress = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("e2e_delete");
        // The refresher looks every 2 s even while everything is at rest, so the journey does not wait a minute for it.
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["Portal:Refresh:BusyInterval"] = "00:00:01",
            ["Portal:Refresh:QuietInterval"] = "00:00:02",
        });
        _baseAddress = _portal.StartOnKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task RequesterDeletesWithTypedName_DbaApproves_ClusterLeavesTheOpenDashboard()
    {
        await SeedPaymentsClusterAsync();

        await using var ritaContext = await NewContextAsync();
        var rita = await ritaContext.NewPageAsync();
        await SignInAsync(rita, "/", "Rita Requester");
        var row = rita.GetByTestId("cluster-link").Filter(new() { HasText = ClusterName });
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await row.ClickAsync();
        await Expect(rita.GetByTestId("cluster-name")).ToHaveTextAsync(ClusterName);
        await Expect(rita.Locator("[data-interactive='true']")).ToBeAttachedAsync();

        await rita.GetByTestId("delete-cluster").ClickAsync();
        // MudBlazor puts the test id on the input itself.
        var typed = rita.Locator("input[data-testid='delete-typed-name'], [data-testid='delete-typed-name'] input");
        await typed.FillAsync("ledger");
        await Expect(rita.GetByTestId("confirm-delete")).ToBeDisabledAsync();
        await typed.FillAsync(ClusterName);
        await rita.GetByTestId("confirm-delete").ClickAsync();
        await Expect(rita).ToHaveURLAsync(RequestPage());
        await Expect(rita.GetByTestId("request-status")).ToHaveTextAsync("Pending approval");

        // Rita watches her dashboard while Dana decides.
        await rita.GotoAsync("/");
        await Expect(rita.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(rita.GetByTestId("cluster-link").Filter(new() { HasText = ClusterName })).ToBeVisibleAsync();

        await using var danaContext = await NewContextAsync();
        var dana = await danaContext.NewPageAsync();
        await SignInAsync(dana, "/approvals", "Dana DBA");
        var card = dana.GetByTestId("pending-request").Filter(new() { HasText = ClusterName });
        await Expect(card).ToBeVisibleAsync();
        await card.GetByLabel("Comment (required to reject)").FillAsync("No longer used");
        await card.GetByTestId("approve").ClickAsync();
        await Expect(dana.GetByTestId("pending-request").Filter(new() { HasText = ClusterName })).ToHaveCountAsync(0);

        await Expect(rita.GetByTestId("cluster-link").Filter(new() { HasText = ClusterName })).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await rita.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "delete-gone.png"), FullPage = true });
    }

    /// <summary>A cluster in the embedded emulator that payments ordered earlier (its completed create request), as the refresher will find it.</summary>
    private async Task SeedPaymentsClusterAsync()
    {
        var services = _portal.Services;
        var region = services.GetRequiredService<IRegionCatalog>().Regions[0];
        var spec = new ClusterSpec
        {
            Name = ClusterName, PostgresVersion = "17", Instances = 1, Cores = 2, RamGb = 4, StorageGb = 20,
            DatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003", LanId = "2", PrimaryInstanceAddress = "192.168.1.120/24",
            MaintenanceDay = DayOfWeek.Sunday, MaintenanceTime = new TimeOnly(2, 0), BackupLocation = "eu-central-3",
            Username = "ledger_app", DatabaseName = "ledger",
        };
        var created = await services.GetRequiredService<IIonosPostgresClientFactory>().GetClient(region)
            .CreateClusterAsync(ClusterPayloadMapper.ToCreateRequest(spec, "Seed-Passw0rd!"), TestContext.Current.CancellationToken);

        var contexts = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var context = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var now = DateTimeOffset.UtcNow;
        var team = await context.Teams.FirstOrDefaultAsync(t => t.Slug == "payments", TestContext.Current.CancellationToken);
        if (team is null)
        {
            team = new Team("payments", "Payments", now);
            context.Teams.Add(team);
        }

        var request = ClusterRequest.SubmitCreate(team.Id, region, new Actor("demo-rita", "Rita Requester"), spec, now);
        request.Approve(new Actor("demo-dana", "Dana DBA"), "ok", now);
        request.BeginSubmitting(ClusterName, now);
        request.MarkProvisioning(created.Id, now);
        request.Complete(now);
        context.ClusterRequests.Add(request);
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = _baseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
    });

    private static async Task SignInAsync(IPage page, string path, string who)
    {
        await page.GotoAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {who}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
    }

    [GeneratedRegex("/requests/[0-9a-f-]{36}$")]
    private static partial Regex RequestPage();
}
