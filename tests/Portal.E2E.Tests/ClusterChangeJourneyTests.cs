using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Portal.E2E.Tests.WizardDriver;

namespace Portal.E2E.Tests;

/// <summary>
/// Day 2: Rita's cluster exists (ordered and approved); she requests a size change, Dana approves it with the diff in
/// front of her, and Rita's open cluster page shows UPDATING and then AVAILABLE with the new size, without a reload.
/// The emulator keeps a cluster UPDATING for a few seconds so the browser can see it.
/// </summary>
public sealed partial class ClusterChangeJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;
    private Uri _baseAddress = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("e2e_change");
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["Ionos:Emulator:UpdatingDelay"] = "00:00:12",
            ["Portal:Refresh:BusyInterval"] = "00:00:01",
            ["Portal:Refresh:QuietInterval"] = "00:00:01",
            ["Portal:Execution:PollInterval"] = "00:00:01",
        });
        _baseAddress = _portal.StartOnKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task RequesterChangesSize_DbaApprovesWithDiff_ClusterPageShowsUpdatingThenReadyWithoutReload()
    {
        await using var ritaContext = await NewContextAsync();
        var rita = await ritaContext.NewPageAsync();
        await using var danaContext = await NewContextAsync();
        var dana = await danaContext.NewPageAsync();

        // The cluster: ordered by Rita, approved by Dana, ready.
        await SignInAsync(rita, "/clusters/new", "Rita Requester");
        var password = await SubmitSmallClusterAsync(rita, "change-db");
        await Expect(rita).ToHaveURLAsync(RequestPage());
        await SignInAsync(dana, "/approvals", "Dana DBA");
        await ApproveAsync(dana, "change-db", "Create cluster");
        await Expect(rita.GetByTestId("request-status")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });

        // Rita opens the cluster from the dashboard and asks for 4 cores per instance.
        await rita.GotoAsync("/");
        await rita.GetByTestId("cluster-link").Filter(new() { HasText = "change-db" }).ClickAsync();
        await Expect(rita.GetByTestId("state-chip")).ToHaveTextAsync("AVAILABLE", new() { Timeout = 30_000 });
        var clusterUrl = new Uri(rita.Url).AbsolutePath;
        await rita.GotoAsync(clusterUrl + "/change");
        await Expect(rita.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(rita.GetByTestId("password-note")).ToContainTextAsync("IONOS never gives the password back");
        await rita.GetByLabel("Cores per instance").FillAsync("4");
        await Expect(rita.GetByTestId("change-Cores")).ToContainTextAsync("4");
        await rita.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await rita.GetByLabel("Confirm password").FillAsync(password);
        await rita.GetByTestId("submit-change").ClickAsync();
        await Expect(rita).ToHaveURLAsync(RequestPage());
        await Expect(rita.GetByTestId("request-status")).ToHaveTextAsync("Pending approval");
        await Expect(rita.GetByTestId("request-diff")).ToContainTextAsync("Cores per instance");

        // Dana sees the change field by field and approves it.
        await dana.GotoAsync("/approvals");
        var card = dana.GetByTestId("pending-request").Filter(new() { HasText = "Update cluster change-db" });
        await Expect(card.GetByTestId("change-Cores")).ToContainTextAsync("4");
        await ApproveAsync(dana, "change-db", "Update cluster");

        // Rita watches the cluster page: UPDATING, then ready with the new size, no reload.
        await rita.GotoAsync(clusterUrl);
        await Expect(rita.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(rita.GetByTestId("state-chip")).ToHaveTextAsync("UPDATING", new() { Timeout = 30_000 });
        await rita.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "change-updating.png"), FullPage = true });
        await Expect(rita.GetByTestId("state-chip")).ToHaveTextAsync("AVAILABLE", new() { Timeout = 60_000 });
        await Expect(rita.GetByTestId("cluster-properties")).ToContainTextAsync("4 cores");
    }

    private static async Task ApproveAsync(IPage dana, string name, string kind)
    {
        await dana.GotoAsync("/approvals");
        // A click on the prerendered page, before the circuit is up, would be lost.
        await Expect(dana.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        var card = dana.GetByTestId("pending-request").Filter(new() { HasText = $"{kind} {name}" });
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await card.GetByTestId("approve").ClickAsync();
        await Expect(dana.GetByTestId("decision-done")).ToContainTextAsync($"{name} approved");
    }

    private Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = _baseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        TimezoneId = "Europe/Berlin",
    });

    private static async Task SignInAsync(IPage page, string path, string who)
    {
        await page.GotoAsync(path);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Sign in as {who}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
    }

    /// <summary>The create wizard with the Small preset, as in <see cref="ApprovalJourneyTests"/>; returns the password it typed.</summary>
    private static async Task<string> SubmitSmallClusterAsync(IPage page, string name)
    {
        const string password = "Change7$Journey";
        await Expect(page.GetByTestId("step-Basics")).ToBeVisibleAsync();
        await page.GetByLabel("Cluster name").FillAsync(name);
        await page.GetByLabel("Cluster name").PressAsync("Tab");
        await PickAsync(page, "field-team", new Regex("payments", RegexOptions.IgnoreCase));
        await NextAsync(page, "step-BackupLocation");
        await PickAsync(page, "field-backup-location", new Regex("^eu-central-3$"));
        await NextAsync(page, "step-Version");
        await NextAsync(page, "step-Sizing");
        await page.GetByTestId("preset-Small").ClickAsync();
        await NextAsync(page, "step-Network");
        await PickAsync(page, "field-datacenter", new Regex("Berlin production"));
        await PickAsync(page, "field-lan", new Regex("database"));
        await page.GetByLabel("Primary instance address (CIDR)").FillAsync("192.168.1.102/24");
        await page.GetByLabel("Primary instance address (CIDR)").PressAsync("Tab");
        await NextAsync(page, "step-MaintenanceWindow");
        await NextAsync(page, "step-Credentials");
        await page.GetByLabel("Username").FillAsync("app_admin");
        await page.GetByLabel("Username").PressAsync("Tab");
        await page.GetByLabel("Database name").FillAsync("ledger");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await Expect(page.GetByTestId("requirement-unmet")).ToHaveCountAsync(0);
        await NextAsync(page, "step-Review");
        await page.GetByTestId("submit").ClickAsync();
        return password;
    }

    [GeneratedRegex("/requests/[0-9a-f-]{36}$")]
    private static partial Regex RequestPage();
}
