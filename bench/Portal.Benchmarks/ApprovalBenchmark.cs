using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Identity;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.TestSupport;

namespace Portal.Benchmarks;

/// <summary>
/// From a DBA's approval (the real <see cref="RequestDecisionService.ApproveAsync"/>, which wakes the executor) to the
/// executor's <c>POST /clusters</c> reaching the emulator, timed by the emulator's call log. Requests are submitted first
/// through the real <see cref="CreateClusterService"/> as a requester, then approved one at a time.
/// </summary>
public static class ApprovalBenchmark
{
    private const int Requests = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly PortalUser Rita = new("demo-rita", "Rita Requester", new HashSet<string> { PortalRoles.Requester }, ["payments", "analytics"]);
    private static readonly PortalUser Dana = new("demo-dana", "Dana DBA", new HashSet<string> { PortalRoles.Dba }, ["platform"]);

    public static async Task RunAsync(BenchContext bench, FigureTable table)
    {
        var portal = await bench.PortalAsync();
        var runId = Guid.NewGuid().ToString("N")[..6];
        var ids = new List<Guid>();
        using (var scope = portal.Services.CreateScope())
        {
            var create = scope.ServiceProvider.GetRequiredService<CreateClusterService>();
            for (var i = 0; i < Requests; i++)
            {
                var result = await create.SubmitAsync(Rita, TestDrafts.ValidCreate($"approve-{runId}-{i:D2}", i % 2 == 0 ? "payments" : "analytics", BenchPortal.Region),
                    BenchSecrets.ClusterPassword, BenchSecrets.ClusterPassword, CancellationToken.None);
                if (result.RequestId is not { } id)
                {
                    throw new InvalidOperationException("A benchmark request was refused: " +
                        string.Join("; ", result.Report.Problems.Select(p => $"{p.Field}: {p.Message}")));
                }

                ids.Add(id);
            }
        }

        var latencies = new List<double>();
        foreach (var id in ids)
        {
            var posted = portal.Emulator.Calls.Count("POST", "/clusters");
            var approvedAt = DateTimeOffset.UtcNow;
            using (var scope = portal.Services.CreateScope())
            {
                var decisions = scope.ServiceProvider.GetRequiredService<RequestDecisionService>();
                var decision = await decisions.ApproveAsync(Dana, id, "benchmark", CancellationToken.None);
                if (!decision.Succeeded)
                {
                    throw new InvalidOperationException($"The approval was refused: {decision.Error}");
                }
            }

            var arrived = await WaitForPostAsync(portal, posted);
            latencies.Add((arrived - approvedAt).TotalMilliseconds);
        }

        var workload = $"{Requests} requests approved one at a time";
        table.Add(new Figure("approval → POST", workload, "p50 latency", Percentile.Of(latencies, 50), "ms"));
        table.Add(new Figure("approval → POST", workload, "p95 latency", Percentile.Of(latencies, 95), "ms", Target.Below(1000, "ms")));
    }

    /// <summary>The time the emulator logged the next POST /clusters (the log is the emulator's own record).</summary>
    private static async Task<DateTimeOffset> WaitForPostAsync(BenchPortal portal, int postedBefore)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Timeout)
        {
            var posts = portal.Emulator.Calls.Calls.Where(c => c.Method == "POST" && c.Path == "/clusters").ToList();
            if (posts.Count > postedBefore)
            {
                return posts[postedBefore].At;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"The executor sent no POST /clusters within {Timeout.TotalSeconds:N0} s of the approval.");
    }

}
