using Microsoft.Playwright;
using Portal.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Tests;

/// <summary>A new user's first journey: sign in as a requester, open Offerings, see what IONOS offers.</summary>
public sealed class OfferingsJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;
    private Uri _baseAddress = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("e2e_offerings");
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString);
        _baseAddress = _portal.StartOnKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Requester_SignsInAndOpensOfferings_SeesTheVersionList()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() });
        var page = await context.NewPageAsync();

        // Anonymous: the portal sends the visitor to the demo sign-in page.
        await page.GotoAsync("/offerings");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
        await Expect(page.GetByTestId("demo-banner")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Rita Requester" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/offerings$"));
        // Wait for the circuit, never for a fixed time.
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Rita Requester");
        await Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Requester");

        var berlin = page.GetByTestId("region-de-txl");
        await Expect(berlin.GetByTestId("versions")).ToBeVisibleAsync();
        await Expect(berlin.GetByTestId("version-row").Filter(new() { HasText = "PostgreSQL 17" })).ToHaveCountAsync(1);
        await Expect(berlin.GetByTestId("version-status").First).ToBeVisibleAsync();
        await Expect(berlin.GetByTestId("backup-locations")).ToContainTextAsync("eu-central-3");
        await Expect(page.GetByTestId("region-de-fra").GetByTestId("version-row").First).ToBeVisibleAsync();

        // Navigation is real: Approvals is not offered to a requester.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Approvals" })).ToHaveCountAsync(0);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, "offerings.png"), FullPage = true });
    }
}
