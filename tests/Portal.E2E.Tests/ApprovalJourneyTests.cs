using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Portal.E2E.Tests.WizardDriver;

namespace Portal.E2E.Tests;

/// <summary>
/// A requester submits through the wizard, a DBA approves on the Approvals page in a second browser context, and the
/// requester's open request page follows the request to Completed and shows the DNS name without a reload.
/// </summary>
public sealed partial class ApprovalJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;
    private Uri _baseAddress = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("e2e_approval");
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString);
        _baseAddress = _portal.StartOnKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task RequesterSubmits_DbaApproves_RequestReachesCompletedWithItsDnsName()
    {
        await using var ritaContext = await NewContextAsync();
        var rita = await ritaContext.NewPageAsync();
        await SignInAsync(rita, "/clusters/new", "Rita Requester");
        await SubmitSmallClusterAsync(rita, "ledger-db");
        await Expect(rita).ToHaveURLAsync(RequestPage());
        await Expect(rita.GetByTestId("request-status")).ToHaveTextAsync("Pending approval");
        await Expect(rita.GetByTestId("cancel-request")).ToBeVisibleAsync();

        await using var danaContext = await NewContextAsync();
        var dana = await danaContext.NewPageAsync();
        await SignInAsync(dana, "/approvals", "Dana DBA");
        var card = dana.GetByTestId("pending-request").Filter(new() { HasText = "ledger-db" });
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.GetByTestId("pending-cost")).ToContainTextAsync("per month");
        await card.GetByLabel("Comment (required to reject)").FillAsync("Fits the payments budget");
        await card.GetByTestId("approve").ClickAsync();
        await Expect(dana.GetByTestId("decision-done")).ToContainTextAsync("ledger-db approved");
        await Expect(dana.GetByTestId("pending-request").Filter(new() { HasText = "ledger-db" })).ToHaveCountAsync(0);

        // Rita's page was left open: it follows the request without a reload.
        await Expect(rita.GetByTestId("request-decision")).ToContainTextAsync("Approved by Dana DBA", new() { Timeout = 15_000 });
        await Expect(rita.GetByTestId("request-decision-comment")).ToContainTextAsync("Fits the payments budget");
        await Expect(rita.GetByTestId("request-status")).ToHaveTextAsync("Completed", new() { Timeout = 60_000 });
        await Expect(rita.GetByTestId("request-dns-name")).ToContainTextAsync(".", new() { Timeout = 15_000 });
        await rita.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "approval-completed.png"), FullPage = true });

        // The badge counts the news; opening "My requests" clears it.
        await rita.GotoAsync("/clusters/new");
        await Expect(rita.GetByTestId("request-news-badge")).ToContainTextAsync("1");
        await rita.GetByTestId("my-requests-link").ClickAsync();
        await Expect(rita.GetByTestId("my-requests")).ToContainTextAsync("ledger-db");
        await Expect(rita.GetByTestId("my-requests")).ToContainTextAsync("Completed");
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

    /// <summary>The create wizard's steps, as in <see cref="CreateClusterJourneyTests"/>, with the Small preset.</summary>
    private static async Task SubmitSmallClusterAsync(IPage page, string name)
    {
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
        await page.GetByLabel("Primary instance address (CIDR)").FillAsync("192.168.1.101/24");
        await page.GetByLabel("Primary instance address (CIDR)").PressAsync("Tab");
        await NextAsync(page, "step-MaintenanceWindow");
        await NextAsync(page, "step-Credentials");
        await page.GetByLabel("Username").FillAsync("app_admin");
        await page.GetByLabel("Username").PressAsync("Tab");
        await page.GetByLabel("Database name").FillAsync("ledger");
        await page.GetByTestId("generate-password").ClickAsync();
        await Expect(page.GetByTestId("requirement-unmet")).ToHaveCountAsync(0);
        await NextAsync(page, "step-Review");
        await page.GetByTestId("submit").ClickAsync();
    }

    [GeneratedRegex("/requests/[0-9a-f-]{36}$")]
    private static partial Regex RequestPage();
}
