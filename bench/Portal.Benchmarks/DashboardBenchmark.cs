using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Identity;

namespace Portal.Benchmarks;

/// <summary>
/// The dashboard over the seeded fleet: the first page load as a signed-in DBA (HTTP GET of <c>/</c>, prerendered by the real
/// host), and the page query the table runs (<see cref="ClusterQueries.GetDashboardAsync"/> over the real ClusterReadStore)
/// with filters and a sort.
/// </summary>
public static class DashboardBenchmark
{
    private const int Warmup = 5;
    private const int Samples = 100;
    private const string Scenario = "dashboard";

    private static readonly PortalUser Dana = new("demo-dana", "Dana DBA", new HashSet<string> { PortalRoles.Dba }, ["platform"]);
    private static readonly PortalUser Rita = new("demo-rita", "Rita Requester", new HashSet<string> { PortalRoles.Requester }, ["payments", "analytics"]);

    public static async Task RunAsync(BenchContext bench, FigureTable table)
    {
        var portal = await bench.PortalAsync();
        await portal.EnsureFleetAsync(bench.FleetSize);
        var workload = $"{bench.FleetSize:N0} clusters";

        using var client = await portal.SignedInClientAsync("demo-dana");
        var load = await TimeAsync(async () =>
        {
            using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsStringAsync();
        });
        table.Add(new Figure(Scenario, workload + ", DBA, GET / (prerendered)", "p50 first page load", Percentile.Of(load, 50), "ms"));
        table.Add(new Figure(Scenario, workload + ", DBA, GET / (prerendered)", "p95 first page load", Percentile.Of(load, 95), "ms", Target.Below(150, "ms")));

        var teams = await portal.DemoTeamsAsync();
        using var scope = portal.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<ClusterQueries>();
        (string Name, PortalUser User, ClusterQuery Query)[] shapes =
        [
            ("first page, name order", Dana, new ClusterQuery()),
            ("search 'bench-00' + sort by size desc", Dana, new ClusterQuery { Search = "bench-00", SortBy = ClusterSortField.Size, Descending = true }),
            ("state Available + team, sort by last change, page 5", Dana,
                new ClusterQuery { State = ClusterState.Available, TeamId = teams["payments"], SortBy = ClusterSortField.LastChange, Descending = true, Page = 5 }),
            ("requester's teams, region + sort by version, page 40", Rita,
                new ClusterQuery { Region = BenchPortal.Region, SortBy = ClusterSortField.Version, Page = 40, PageSize = 50 }),
        ];
        var all = new List<double>();
        foreach (var (name, user, query) in shapes)
        {
            var samples = await TimeAsync(async () =>
            {
                var page = await queries.GetDashboardAsync(user, query, CancellationToken.None);
                if (page.TotalCount == 0)
                {
                    throw new InvalidOperationException($"The dashboard query '{name}' found nothing: the fleet was not stored.");
                }
            });
            all.AddRange(samples);
            table.Add(new Figure(Scenario, $"{workload}, {name}", "p95 page query", Percentile.Of(samples, 95), "ms", Target.Below(50, "ms")));
        }

        table.Add(new Figure(Scenario, $"{workload}, the {shapes.Length} queries above", "p50 page query", Percentile.Of(all, 50), "ms"));
    }

    private static async Task<List<double>> TimeAsync(Func<Task> action)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await action();
        }

        var samples = new List<double>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return samples;
    }
}
