using Microsoft.Playwright;
using Portal.TestSupport;

namespace Portal.E2E.Tests;

/// <summary>Debian's Chromium driven by Playwright (never a downloaded browser), headless, one per test class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = Path.Combine(RepositoryPaths.Root, "playwright-artifacts");

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("PORTAL_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {executable}. Run deploy/scripts/test.sh (it installs Debian's chromium) or set PORTAL_TEST_CHROMIUM.");
        }

        // CI runs every test project at once on two cores: give the UI more time than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
