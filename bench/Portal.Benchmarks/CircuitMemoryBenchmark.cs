using System.Diagnostics;
using Microsoft.Playwright;

namespace Portal.Benchmarks;

/// <summary>
/// Managed heap per open dashboard circuit: headless Chromium (Debian's, through Playwright) opens the dashboard in many
/// tabs against the in-process portal; the heap (<see cref="GC.GetTotalMemory(bool)"/> after a full, compacting collection)
/// is compared before and after. The portal runs in this process, so the difference is what the open circuits hold. The
/// same is measured first for a page with nothing but the layout (the access-denied page), the floor any page pays.
/// </summary>
public static class CircuitMemoryBenchmark
{
    private const string Scenario = "circuit memory";

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

        // Sign in once (the cookie serves every tab), and open each page once so everything shared is loaded and cached.
        var first = await context.NewPageAsync();
        await first.GotoAsync("/account/sign-in?returnUrl=%2Faccount%2Faccess-denied");
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign in as Dana DBA" }).ClickAsync();
        await first.WaitForURLAsync("**/account/access-denied");
        await OpenAsync(first, "/account/access-denied", rows: false);
        await OpenAsync(first, "/", rows: true);

        // One round of tabs opened and closed first, discarded: the first round grows process-wide pools and caches (and
        // can leave transient buffers in the "before" heap that are freed later), which made the layout figure swing from
        // -50 to 580 KB between runs. The dashboard round already followed the layout round, so both now start alike.
        await PerCircuitAsync(context, circuits, "/account/access-denied", rows: false);
        await GcDumpAsync("0-circuits");
        var layout = await PerCircuitAsync(context, circuits, "/account/access-denied", rows: false);
        table.Add(new Figure(Scenario, $"{circuits} layout-only pages open (access denied)", "managed heap per circuit", layout, "KB"));
        var dashboard = await PerCircuitAsync(context, circuits, "/", rows: true);
        table.Add(new Figure(Scenario, $"{circuits} dashboards open (DBA, {bench.FleetSize:N0} clusters, 25 rows each)", "managed heap per circuit", dashboard, "KB", Target.Below(500, "KB")));
    }

    /// <summary>Opens <paramref name="count"/> tabs on <paramref name="path"/> and returns the heap growth per tab in KB; closes them after.</summary>
    private static async Task<double> PerCircuitAsync(IBrowserContext context, int count, string path, bool rows)
    {
        var before = Heap();
        var pages = new List<IPage>();
        for (var i = 0; i < count; i++)
        {
            var page = await context.NewPageAsync();
            await OpenAsync(page, path, rows);
            pages.Add(page);
        }

        var after = Heap();
        await GcDumpAsync($"{count}-{(rows ? "dashboards" : "layout-only")}");
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }

        return (after - before) / 1024.0 / count;
    }

    private static async Task OpenAsync(IPage page, string path, bool rows)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        if (rows)
        {
            await page.GetByTestId("cluster-link").First.WaitForAsync();
        }
    }

    /// <summary>
    /// With PORTAL_BENCH_GCDUMP set to a folder, writes a gcdump of this process there (dotnet-gcdump on the PATH), so the
    /// growth can be attributed by type: <c>dotnet-gcdump report</c> on the dump with and without the circuits open.
    /// </summary>
    private static async Task GcDumpAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("PORTAL_BENCH_GCDUMP") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        using var dump = Process.Start(new ProcessStartInfo("dotnet-gcdump")
        {
            ArgumentList = { "collect", "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", Path.Combine(folder, $"{name}.gcdump") },
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("dotnet-gcdump did not start.");
        await dump.StandardOutput.ReadToEndAsync();
        await dump.WaitForExitAsync();
        Console.WriteLine($"   gcdump {name}: exit {dump.ExitCode}");
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
