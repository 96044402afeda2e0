using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// Managed heap per open dashboard circuit: headless Chromium (Debian's, through Playwright) opens the dashboard in many
/// tabs against the in-process portal; the heap (<see cref="GC.GetTotalMemory(bool)"/> after a full collection) is compared
/// before and after. The portal runs in this process, so the difference is what the open circuits hold.
/// </summary>
public static class CircuitMemoryBenchmark
{
    public static async Task RunAsync(BenchContext bench, FigureTable table)
    {
        var portal = await bench.PortalAsync();
        await portal.EnsureFleetAsync(bench.FleetSize);
        var circuits = bench.Circuits;

        var executable = Environment.GetEnvironmentVariable("PORTAL_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.Address.ToString() });
        context.SetDefaultTimeout(60_000);

        // Sign in once (the cookie serves every tab), and open one dashboard so everything shared is loaded and cached.
        var first = await context.NewPageAsync();
        await first.GotoAsync("/account/sign-in?returnUrl=%2F");
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign in as Dana DBA" }).ClickAsync();
        await OpenDashboardAsync(first);

        var before = Heap();
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            await OpenDashboardAsync(page);
            pages.Add(page);
        }

        var after = Heap();
        var perCircuit = (after - before) / 1024.0 / circuits;
        var workload = $"{circuits} dashboards open (DBA, {bench.FleetSize:N0} clusters, 25 rows each)";
        table.Add(new Figure("dashboard circuit memory", workload, "managed heap per circuit", perCircuit, "KB", Target.Below(500, "KB")));
        table.Add(new Figure("dashboard circuit memory", workload, "managed heap growth, all circuits", (after - before) / 1024.0 / 1024.0, "MB"));

        foreach (var page in pages)
        {
            await page.CloseAsync();
        }
    }

    private static async Task OpenDashboardAsync(IPage page)
    {
        if (!page.Url.EndsWith('/') || page.Url.Contains("sign-in", StringComparison.Ordinal))
        {
            await page.GotoAsync("/");
        }

        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.GetByTestId("cluster-link").First.WaitForAsync();
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
