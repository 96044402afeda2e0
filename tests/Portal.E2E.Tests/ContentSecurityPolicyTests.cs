using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Tests;

/// <summary>
/// The Content-Security-Policy against the real app in Chromium: the dashboard and the wizard run (circuit connected,
/// MudBlazor styled and interactive) with no CSP violation in the console, while an injected inline script is refused.
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;
    private Uri _baseAddress = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("e2e_csp");
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString);
        _baseAddress = _portal.StartOnKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task DashboardAndWizard_SignedIn_NoCspViolationAndInjectedInlineScriptIsBlocked()
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _baseAddress.ToString() });
        var page = await context.NewPageAsync();
        var violations = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => violations.Enqueue("page error: " + error);

        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as Rita Requester" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToContainTextAsync("Rita Requester");

        // The wizard: a client-side navigation, its collocated JS module (through the import map) and MudBlazor inputs.
        await page.GotoAsync("/clusters/new");
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();
        await Expect(page.GetByText("New cluster").First).ToBeVisibleAsync();
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-interactive='true']")).ToBeAttachedAsync();

        Assert.Empty(violations);

        // The policy is in force: an inline script added to the page does not run, and Chromium reports it.
        var ran = await page.EvaluateAsync<bool>("""
            () => { const s = document.createElement('script'); s.textContent = 'window.__cspProbe = true'; document.body.appendChild(s); return window.__cspProbe === true; }
            """);
        Assert.False(ran);
        await Expect(page.Locator("body")).ToBeVisibleAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (violations.IsEmpty && DateTime.UtcNow < deadline)
        {
            await page.WaitForTimeoutAsync(50);
        }

        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
    }
}
