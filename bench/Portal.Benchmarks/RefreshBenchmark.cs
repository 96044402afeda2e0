using System.Diagnostics;
using Ionos.PostgreSql.Models;

namespace Portal.Benchmarks;

/// <summary>
/// The real <c>ClusterStateRefresher.RefreshOnceAsync</c> against the embedded emulator with a fleet in one region, calls
/// counted by the emulator's call log; then the same fleet read the usual way (one GET per cluster, as CLI tools and
/// Terraform poll, with Terraform's default parallelism of 10).
/// </summary>
public static class RefreshBenchmark
{
    private const int Runs = 3;
    private const string Scenario = "refresh cycle";

    public static async Task RunAsync(BenchContext bench, FigureTable table)
    {
        var portal = await bench.PortalAsync();
        var size = bench.FleetSize;
        await portal.EnsureFleetAsync(size);
        var changedCount = size / 100;
        var workload = $"{size:N0} clusters in {BenchPortal.Region}";

        // Nothing changed: calls and time of a quiet cycle.
        var quiet = new List<double>();
        var quietCalls = 0;
        for (var run = 0; run < Runs; run++)
        {
            portal.Emulator.Calls.Clear();
            var watch = Stopwatch.StartNew();
            await portal.Refresher.RefreshOnceAsync(CancellationToken.None);
            quiet.Add(watch.Elapsed.TotalMilliseconds);
            quietCalls = portal.Emulator.Calls.Count("GET", "/clusters", BenchPortal.Region);
        }

        // 1% changed (scaled through a full PUT, so they are UPDATING with new cores): calls, time and rows written.
        var changed = new List<double>();
        int calls = 0, rows = 0, history = 0;
        for (var run = 0; run < Runs; run++)
        {
            await ScaleAsync(portal, portal.ClusterIds.Skip(run * changedCount).Take(changedCount).ToList(), run);
            portal.Emulator.Calls.Clear();
            var watch = Stopwatch.StartNew();
            var report = await portal.Refresher.RefreshOnceAsync(CancellationToken.None);
            changed.Add(watch.Elapsed.TotalMilliseconds);
            calls = portal.Emulator.Calls.Count("GET", "/clusters", BenchPortal.Region);
            var region = report!.For(BenchPortal.Region)!;
            rows = region.RowsWritten;
            history = region.StateChanges;
        }

        var changedWorkload = $"{workload}, {changedCount:N0} changed (1%)";
        table.Add(new Figure(Scenario, changedWorkload, "IONOS list calls", calls, "calls", Target.Below(10, "calls")));
        table.Add(new Figure(Scenario, changedWorkload, $"wall time (median of {Runs})", Percentile.Of(changed, 50), "ms", Target.Below(2000, "ms")));
        table.Add(new Figure(Scenario, changedWorkload, "snapshot rows written", rows, "rows", Target.Below(changedCount * 1.2, "rows")));
        table.Add(new Figure(Scenario, changedWorkload, "state-change history rows written", history, "rows"));
        table.Add(new Figure(Scenario, workload + ", nothing changed", $"wall time (median of {Runs})", Percentile.Of(quiet, 50), "ms", Target.Below(2000, "ms")));
        table.Add(new Figure(Scenario, workload + ", nothing changed", "IONOS list calls", quietCalls, "calls", Target.Below(10, "calls")));

        // The usual way: one GET per cluster.
        var client = portal.Client;
        portal.Emulator.Calls.Clear();
        var usual = Stopwatch.StartNew();
        await Parallel.ForEachAsync(portal.ClusterIds, new ParallelOptions { MaxDegreeOfParallelism = 10 },
            async (id, ct) => await client.GetClusterAsync(id, ct));
        usual.Stop();
        var usualCalls = portal.Emulator.Calls.Count("GET", "/clusters/*", BenchPortal.Region);
        var usualWorkload = $"{workload}, GET per cluster, 10 in parallel";
        table.Add(new Figure("refresh, usual way", usualWorkload, "IONOS calls", usualCalls, "calls"));
        table.Add(new Figure("refresh, usual way", usualWorkload, "wall time", usual.Elapsed.TotalMilliseconds, "ms"));
        table.Add(new Figure("refresh, usual way", usualWorkload, "calls, usual ÷ ours", usualCalls / (double)Math.Max(1, calls), "ratio"));
        table.Add(new Figure("refresh, usual way", usualWorkload, "wall time, usual ÷ ours", usual.Elapsed.TotalMilliseconds / Percentile.Of(changed, 50), "ratio"));
    }

    /// <summary>Scales clusters to more cores the way the portal does it: GET, merge, full PUT with credentials.</summary>
    private static async Task ScaleAsync(BenchPortal portal, IReadOnlyList<string> ids, int run)
    {
        var client = portal.Client;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, ct) =>
        {
            var current = await client.GetClusterAsync(id, ct);
            var properties = current.Properties!;
            await client.EnsureClusterAsync(id, new ClusterEnsureRequest
            {
                Properties = properties with
                {
                    Instances = properties.Instances! with { Cores = 8 + (2 * run) },
                    Credentials = new PostgresCredentials { Username = "app_admin", Password = BenchSecrets.ClusterPassword, Database = "app" },
                },
            }, ct);
        });
    }
}
