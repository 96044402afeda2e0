using System.Diagnostics;
using Ionos.Emulator;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Clusters;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Refresh;

/// <summary>The refresher against the real emulator (fake clock) and real PostgreSQL.</summary>
public sealed class ClusterStateRefresherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refresh_2500Clusters_OneListCallPer1000_ThenWritesOnlyWhatChanged()
    {
        await using var harness = await RefreshHarness.StartAsync();
        var ids = await harness.CreateClustersAsync(RefreshHarness.Frankfurt, 2500);
        harness.Clock.Advance(TimeSpan.FromSeconds(11)); // every cluster is AVAILABLE now
        harness.Emulator.Calls.Clear();
        var refresher = harness.CreateRefresher();

        var watch = Stopwatch.StartNew();
        var first = await refresher.RefreshOnceAsync(Ct);
        watch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"First refresh of 2,500 clusters: {watch.ElapsedMilliseconds} ms");

        Assert.NotNull(first);
        Assert.Equal(3, harness.Emulator.Calls.Count("GET", "/clusters", RefreshHarness.Frankfurt));
        Assert.Equal(1, harness.Emulator.Calls.Count("GET", "/clusters", RefreshHarness.Berlin));
        Assert.Equal(0, harness.Emulator.Calls.Count("GET", "/clusters/*"));
        var frankfurt = first.For(RefreshHarness.Frankfurt)!;
        Assert.Equal((2500, 3, 2500, false), (frankfurt.ClustersSeen, frankfurt.ListCalls, frankfurt.Added, frankfurt.IsStale));
        Assert.Equal(2500, await harness.CountAsync(c => c.ClusterSnapshots.Where(s => s.Region == RefreshHarness.Frankfurt)));
        Assert.Equal(2500, await harness.CountAsync(c => c.ClusterStateChanges.Where(s => s.FromState == null && s.ToState == ClusterState.Available)));
        Assert.Equal(2500, await harness.CountAsync(c => c.ClusterSnapshots.Where(s => s.TeamId == null)));
        Assert.Equal(TimeSpan.FromSeconds(60), refresher.NextInterval(first));

        // Nothing changed: nothing is written.
        var unchanged = await refresher.RefreshOnceAsync(Ct);
        Assert.Equal(0, unchanged!.RowsWritten);

        // One cluster is being deleted, one failed.
        await harness.DeleteClusterAsync(RefreshHarness.Frankfurt, ids[0]);
        Assert.True(harness.Emulator.Store.FailCluster(RefreshHarness.Frankfurt, Guid.Parse(ids[1]), "disk full"));
        harness.Emulator.Calls.Clear();
        var second = await refresher.RefreshOnceAsync(Ct);

        Assert.Equal(3, harness.Emulator.Calls.Count("GET", "/clusters", RefreshHarness.Frankfurt));
        Assert.Equal((0, 2, 0, 2), (second!.For(RefreshHarness.Frankfurt)!.Added, second.For(RefreshHarness.Frankfurt)!.Changed,
            second.For(RefreshHarness.Frankfurt)!.Vanished, second.For(RefreshHarness.Frankfurt)!.StateChanges));
        // Version counts the saves of a row: a refresher that rewrote every row would leave no row at 0.
        Assert.Equal(2, await harness.CountAsync(c => c.ClusterSnapshots.Where(s => s.Version > 0)));
        Assert.Equal(TimeSpan.FromSeconds(5), refresher.NextInterval(second)); // DESTROYING is a transition
        await using (var context = harness.Context())
        {
            var failed = await context.ClusterSnapshots.SingleAsync(s => s.ClusterId == ids[1], Ct);
            Assert.Equal((ClusterState.Failed, "disk full"), (failed.State, failed.StatusMessage));
        }

        // The deleted cluster is gone: marked vanished once.
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var third = await refresher.RefreshOnceAsync(Ct);
        Assert.Equal((1, 0), (third!.For(RefreshHarness.Frankfurt)!.Vanished, third.For(RefreshHarness.Frankfurt)!.Changed));
        var fourth = await refresher.RefreshOnceAsync(Ct);
        Assert.Equal(0, fourth!.RowsWritten);

        await using (var context = harness.Context())
        {
            var gone = await context.ClusterSnapshots.SingleAsync(s => s.ClusterId == ids[0], Ct);
            Assert.Equal(harness.Clock.GetUtcNow(), gone.VanishedAt);
            var history = await context.ClusterStateChanges.Where(c => c.ClusterId == ids[0]).OrderBy(c => c.Id).Select(c => c.ToState).ToListAsync(Ct);
            Assert.Equal([ClusterState.Available, ClusterState.Destroying], history);
            Assert.Equal(2, await context.ClusterSnapshots.CountAsync(s => s.Version > 0, Ct));
        }
    }

    [Fact]
    public async Task Refresh_ClusterOfAProvisioningRequest_IsAssignedToTheRequestTeam_OtherClustersStayUnmanaged()
    {
        await using var harness = await RefreshHarness.StartAsync();
        var ids = await harness.CreateClustersAsync(RefreshHarness.Berlin, 2, "own");
        var refresher = harness.CreateRefresher();
        await refresher.RefreshOnceAsync(Ct);
        Assert.Equal(2, await harness.CountAsync(c => c.ClusterSnapshots.Where(s => s.TeamId == null)));

        var team = TestData.Team();
        var request = ClusterRequest.SubmitCreate(team.Id, RefreshHarness.Berlin, TestData.Alice, TestData.Spec("own-00000"), harness.Clock.GetUtcNow());
        request.Approve(TestData.Bob, null, harness.Clock.GetUtcNow());
        request.BeginSubmitting("own-00000", harness.Clock.GetUtcNow());
        request.MarkProvisioning(ids[0], harness.Clock.GetUtcNow());
        await using (var context = harness.Context())
        {
            context.Teams.Add(team);
            context.ClusterRequests.Add(request);
            await context.SaveChangesAsync(Ct);
        }

        var report = await refresher.RefreshOnceAsync(Ct);

        Assert.Equal(1, report!.For(RefreshHarness.Berlin)!.Changed);
        await using (var context = harness.Context())
        {
            var owners = await context.ClusterSnapshots.ToDictionaryAsync(s => s.ClusterId, s => s.TeamId, Ct);
            Assert.Equal(team.Id, owners[ids[0]]);
            Assert.Null(owners[ids[1]]);
        }

        // A cluster first seen after its request already names it is managed from the start.
        var later = await harness.CreateClustersAsync(RefreshHarness.Berlin, 1, "late");
        var second = ClusterRequest.SubmitCreate(team.Id, RefreshHarness.Berlin, TestData.Alice, TestData.Spec("late-00000"), harness.Clock.GetUtcNow());
        second.Approve(TestData.Bob, null, harness.Clock.GetUtcNow());
        second.BeginSubmitting("late-00000", harness.Clock.GetUtcNow());
        second.MarkProvisioning(later[0], harness.Clock.GetUtcNow());
        await using (var context = harness.Context())
        {
            context.ClusterRequests.Add(second);
            await context.SaveChangesAsync(Ct);
        }

        await refresher.RefreshOnceAsync(Ct);
        await using (var context = harness.Context())
        {
            Assert.Equal(team.Id, (await context.ClusterSnapshots.SingleAsync(s => s.ClusterId == later[0], Ct)).TeamId);
        }
    }

    [Fact]
    public async Task TwoRefreshers_OnlyTheLockHolderRefreshes_AndTheStandbyTakesOverWhenTheHolderStops()
    {
        await using var harness = await RefreshHarness.StartAsync();
        await harness.CreateClustersAsync(RefreshHarness.Berlin, 3);
        var holder = harness.CreateRefresher();
        var standby = harness.CreateRefresher();

        Assert.NotNull(await holder.RefreshOnceAsync(Ct));
        harness.Emulator.Calls.Clear();
        Assert.Null(await standby.RefreshOnceAsync(Ct));
        Assert.Empty(harness.Emulator.Calls.Calls);
        Assert.Equal(TimeSpan.FromSeconds(5), standby.NextInterval(null));

        // The holder stops (its session ends): the standby's next attempt takes over.
        await holder.DisposeAsync();
        var report = await standby.RefreshOnceAsync(Ct);

        Assert.NotNull(report);
        Assert.Equal(1, harness.Emulator.Calls.Count("GET", "/clusters", RefreshHarness.Berlin));
    }

    [Fact]
    public async Task Refresh_OneRegionFails_ItIsStaleWithItsAge_AndTheOtherRegionStillRefreshes()
    {
        await using var harness = await RefreshHarness.StartAsync();
        await harness.CreateClustersAsync(RefreshHarness.Berlin, 1, "txl");
        await harness.CreateClustersAsync(RefreshHarness.Frankfurt, 1, "fra");
        var refresher = harness.CreateRefresher();
        var lastGood = harness.Clock.GetUtcNow();
        await refresher.RefreshOnceAsync(Ct);

        harness.Emulator.Faults.Add(new FaultRule { Method = "GET", Path = "/clusters", Region = RefreshHarness.Frankfurt, Status = 503 });
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await harness.CreateClustersAsync(RefreshHarness.Berlin, 1, "txl-new");
        var report = await refresher.RefreshOnceAsync(Ct);

        var frankfurt = report!.For(RefreshHarness.Frankfurt)!;
        Assert.True(frankfurt.IsStale);
        Assert.Equal(lastGood, frankfurt.LastSuccessAt);
        Assert.Contains("503", frankfurt.Error, StringComparison.Ordinal);
        Assert.Equal((1, false), (report.For(RefreshHarness.Berlin)!.Added, report.For(RefreshHarness.Berlin)!.IsStale));
        Assert.Equal(1, await harness.CountAsync(c => c.ClusterSnapshots.Where(s => s.Region == RefreshHarness.Frankfurt && s.VanishedAt == null)));
        Assert.Same(report, harness.Feed.Latest);

        var queries = new ClusterQueries(new ClusterReadStore(harness.Database.ContextFactory()), new NoTeams(),
            new Regions([RefreshHarness.Berlin, RefreshHarness.Frankfurt]), harness.Feed, harness.Clock);
        var freshness = queries.Freshness().Single(f => f.Region == RefreshHarness.Frankfurt);
        Assert.Equal((true, TimeSpan.FromSeconds(30)), (freshness.IsStale, freshness.Age));
        var page = await queries.GetDashboardAsync(Dba, new ClusterQuery(), Ct);
        Assert.Equal(3, page.TotalCount);
    }

    private static readonly PortalUser Dba = new("dana", "Dana DBA", new HashSet<string> { PortalRoles.Dba }, []);

    private sealed class NoTeams : ITeamDirectory
    {
        public Task<IReadOnlyList<TeamOption>> GetTeamsAsync(PortalUser user, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TeamOption>>([]);
    }

    private sealed class Regions(IReadOnlyList<string> regions) : Portal.Application.Regions.IRegionCatalog
    {
        IReadOnlyList<string> Portal.Application.Regions.IRegionCatalog.Regions => regions;
    }
}
