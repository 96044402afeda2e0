using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Portal.E2E.Tests.WizardDriver;

namespace Portal.E2E.Tests;

/// <summary>A requester orders a cluster: the whole wizard against the live (emulated) IONOS lists, then the pending request.</summary>
public sealed partial class CreateClusterJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;
    private Uri _baseAddress = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("e2e_create_cluster");
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString);
        _baseAddress = _portal.StartOnKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Requester_CompletesTheWizard_SeesThePendingRequest()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            TimezoneId = "Europe/Berlin",
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/clusters/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Rita Requester" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/clusters/new$"));
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();

        // 1 Basics: name, and the team (Rita is in two teams); the region defaults to the first configured one.
        await Expect(page.GetByTestId("step-Basics")).ToBeVisibleAsync();
        await page.GetByLabel("Cluster name").FillAsync("orders-db");
        await page.GetByLabel("Cluster name").PressAsync("Tab");
        await PickAsync(page, "field-team", new Regex("payments", RegexOptions.IgnoreCase));
        await NextAsync(page, "step-BackupLocation");

        // 2 Backup location from the live list.
        await PickAsync(page, "field-backup-location", new Regex("^eu-central-3$"));
        await NextAsync(page, "step-Version");

        // 3 Version: the recommended one is preselected.
        await Expect(page.GetByTestId("upgrade-path")).ToBeVisibleAsync();
        await NextAsync(page, "step-Sizing");

        // 4 Sizing: a preset.
        await page.GetByTestId("preset-Medium").ClickAsync();
        await Expect(page.GetByTestId("preset-Medium")).ToContainTextAsync("Medium selected");
        await Expect(page.GetByTestId("estimate-monthly")).ToContainTextAsync("EUR");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "create-cluster-sizing.png"), FullPage = true });
        await NextAsync(page, "step-Network");

        // 5 Network: datacenter and private LAN from the Cloud API lists.
        await PickAsync(page, "field-datacenter", new Regex("Berlin production"));
        await PickAsync(page, "field-lan", new Regex("database"));
        await page.GetByLabel("Primary instance address (CIDR)").FillAsync("192.168.1.100/24");
        await page.GetByLabel("Primary instance address (CIDR)").PressAsync("Tab");
        await NextAsync(page, "step-MaintenanceWindow");

        // 6 Maintenance window: the suggested slot, shown in UTC and in the browser's zone.
        await Expect(page.GetByTestId("maintenance-window")).ToContainTextAsync("Europe/Berlin");
        await NextAsync(page, "step-Credentials");

        // 7 Credentials with a generated password.
        await page.GetByLabel("Username").FillAsync("app_admin");
        await page.GetByLabel("Username").PressAsync("Tab");
        // No Tab here: it would focus the empty password field, whose blur could land after the generated value.
        await page.GetByLabel("Database name").FillAsync("orders");
        await page.GetByTestId("generate-password").ClickAsync();
        await Expect(page.GetByTestId("requirement-unmet")).ToHaveCountAsync(0);
        var password = await page.GetByTestId("field-password").Locator("input").InputValueAsync();
        Assert.False(string.IsNullOrEmpty(password));
        await NextAsync(page, "step-Review");

        // 8 Review: the exact body with the password masked.
        await Expect(page.GetByTestId("payload")).ToContainTextAsync("orders-db");
        Assert.DoesNotContain(password, await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "create-cluster-review.png"), FullPage = true });

        await page.GetByTestId("submit").ClickAsync();

        await Expect(page).ToHaveURLAsync(RequestPage());
        await Expect(page.GetByTestId("request-status")).ToHaveTextAsync("Pending approval");
        await Expect(page.GetByTestId("pending-note")).ToContainTextAsync("A DBA will review this request.");
        await Expect(page.GetByTestId("request-spec")).ToContainTextAsync("orders-db");
        Assert.DoesNotContain(password, await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "create-cluster-request.png"), FullPage = true });

        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "create-cluster-request-dark.png"), FullPage = true });
    }

    [GeneratedRegex("/requests/[0-9a-f-]{36}$")]
    private static partial Regex RequestPage();
}
