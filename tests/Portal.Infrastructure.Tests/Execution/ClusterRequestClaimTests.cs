using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Execution;

/// <summary>Which requests a claim takes, and that two executors never hold the same request.</summary>
public abstract class ClusterRequestClaimTests(string provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClaimAsync_MixedRequests_TakesOnlyDueWorkOfEveryKindMostOverdueFirst()
    {
        await using var world = await ExecutionHarness.StartAsync(provider);
        var now = world.Clock.GetUtcNow();
        var later = await world.AddApprovedCreateAsync();
        var earlier = await AddAsync(world, (team, t) => Approved(ClusterRequest.SubmitCreate(team, "de-txl", TestData.Alice, TestData.Spec(), t), t.AddMinutes(-5)));
        await AddAsync(world, (team, t) => ClusterRequest.SubmitCreate(team, "de-txl", TestData.Alice, TestData.Spec(), t));
        var update = await AddAsync(world, (team, t) => Approved(ClusterRequest.SubmitUpdate(team, "de-txl", TestData.Alice, Guid.NewGuid().ToString(), TestData.Spec("pg-update"), TestData.Spec("pg-update") with { Cores = 8 }, t), t));
        var delete = await AddAsync(world, (team, t) => Approved(ClusterRequest.SubmitDelete(team, "de-txl", TestData.Alice, Guid.NewGuid().ToString(), TestData.Spec(), t), t));
        var notYetDue = await AddAsync(world, (team, t) =>
        {
            var request = Approved(ClusterRequest.SubmitCreate(team, "de-txl", TestData.Alice, TestData.Spec(), t), t);
            request.RecordRetryableFailure("429", t, t.AddMinutes(1));
            return request;
        });
        var leasedElsewhere = await AddAsync(world, (team, t) =>
        {
            var request = Approved(ClusterRequest.SubmitCreate(team, "de-txl", TestData.Alice, TestData.Spec(), t), t);
            request.TryAcquireLease("executor-z", t, t.AddMinutes(1));
            return request;
        });
        var claim = new ClusterRequestClaim(world.Contexts);

        var claimed = await claim.ClaimAsync("executor-a", now, now + Lease, 10, Ct);

        // Update and Delete are claimed too (the executor dispatches each kind to its own step); ties go by id.
        Assert.Equal([earlier.Id, later.Id, update.Id, delete.Id], claimed);
        var leased = await world.ReloadAsync(later.Id);
        Assert.Equal(("executor-a", now + Lease), (leased.LeaseOwner, leased.LeaseUntil));
        Assert.Empty(await claim.ClaimAsync("executor-b", now, now + Lease, 10, Ct));

        var inTwoMinutes = now.AddMinutes(2);
        var next = await claim.ClaimAsync("executor-b", inTwoMinutes, inTwoMinutes + Lease, 10, Ct);
        Assert.Equal(earlier.Id, next[0]);
        Assert.Equal(new[] { earlier.Id, later.Id, update.Id, delete.Id, notYetDue.Id, leasedElsewhere.Id }.Order(), next.Order());
    }

    [Fact]
    public async Task ClaimAsync_BatchSize_LimitsOneClaim()
    {
        await using var world = await ExecutionHarness.StartAsync(provider);
        for (var i = 0; i < 5; i++)
        {
            await world.AddApprovedCreateAsync();
        }

        var claim = new ClusterRequestClaim(world.Contexts);
        var now = world.Clock.GetUtcNow();

        var first = await claim.ClaimAsync("executor-a", now, now + Lease, 3, Ct);
        var second = await claim.ClaimAsync("executor-b", now, now + Lease, 3, Ct);

        Assert.Equal((3, 2), (first.Count, second.Count));
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public async Task ClaimAsync_TwoExecutorsAtOnce_NeverClaimTheSameRequest()
    {
        await using var world = await ExecutionHarness.StartAsync(provider);
        var all = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            all.Add((await world.AddApprovedCreateAsync()).Id);
        }

        var claim = new ClusterRequestClaim(world.Contexts);
        var now = world.Clock.GetUtcNow();

        async Task<List<Guid>> RoundsAsync(string owner)
        {
            var mine = new List<Guid>();
            for (var round = 0; round < 4; round++)
            {
                mine.AddRange(await claim.ClaimAsync(owner, now, now + Lease, 5, Ct));
            }

            return mine;
        }

        var results = await Task.WhenAll(Task.Run(() => RoundsAsync("executor-a"), Ct), Task.Run(() => RoundsAsync("executor-b"), Ct));
        var rest = await claim.ClaimAsync("executor-c", now, now + Lease, 30, Ct);

        var claimed = results[0].Concat(results[1]).Concat(rest).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(all.Order(), claimed.Order());
        await using var context = world.CreateContext();
        var owners = await context.ClusterRequests.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.LeaseOwner, Ct);
        Assert.All(results[0], id => Assert.Equal("executor-a", owners[id]));
        Assert.All(results[1], id => Assert.Equal("executor-b", owners[id]));
    }

    [Fact]
    public async Task RunOnce_TwoExecutorsAtOnce_PostEachRequestExactlyOnce()
    {
        await using var world = await ExecutionHarness.StartAsync(provider);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await world.AddApprovedCreateAsync()).Id);
        }

        var a = world.CreateExecutor(ExecutionHarness.DefaultOptions("executor-a", batchSize: 3));
        var b = world.CreateExecutor(ExecutionHarness.DefaultOptions("executor-b", batchSize: 3));

        await Task.WhenAll(Task.Run(() => a.RunOnceAsync(Ct), Ct), Task.Run(() => b.RunOnceAsync(Ct), Ct));
        await Task.WhenAll(Task.Run(() => a.RunOnceAsync(Ct), Ct), Task.Run(() => b.RunOnceAsync(Ct), Ct));

        Assert.Equal(6, world.Posts);
        Assert.Equal(6, world.Clusters.Select(c => c.Name).Distinct().Count());
        foreach (var id in ids)
        {
            var request = await world.ReloadAsync(id);
            Assert.Equal((ClusterRequestStatus.Provisioning, 1), (request.Status, request.Attempts));
        }
    }

    private static ClusterRequest Approved(ClusterRequest request, DateTimeOffset at)
    {
        request.Approve(TestData.Bob, null, at);
        return request;
    }

    private static async Task<ClusterRequest> AddAsync(ExecutionHarness world, Func<Guid, DateTimeOffset, ClusterRequest> create)
    {
        var now = world.Clock.GetUtcNow();
        var team = new Team(TestData.UniqueSlug(), "Team", now);
        var request = create(team.Id, now);
        await using var context = world.CreateContext();
        context.Teams.Add(team);
        context.ClusterRequests.Add(request);
        await context.SaveChangesAsync(Ct);
        return request;
    }
}

public sealed class PostgreSqlClusterRequestClaimTests() : ClusterRequestClaimTests(DatabaseProvider.PostgreSql)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClaimAsync_RowLockedByAnotherClaimInFlight_SkipsItWithoutWaiting()
    {
        await using var world = await ExecutionHarness.StartAsync(DatabaseProvider.PostgreSql);
        var locked = await world.AddApprovedCreateAsync();
        var free = await world.AddApprovedCreateAsync();
        await using var other = world.CreateContext();
        await using var transaction = await other.Database.BeginTransactionAsync(Ct);
        await other.Database.ExecuteSqlAsync($"""SELECT 1 FROM "ClusterRequests" WHERE "Id" = {locked.Id} FOR UPDATE""", Ct);
        var now = world.Clock.GetUtcNow();

        var claimed = await new ClusterRequestClaim(world.Contexts)
            .ClaimAsync("executor-b", now, now.AddMinutes(2), 10, Ct)
            .WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal([free.Id], claimed);
        await transaction.RollbackAsync(Ct);
    }
}

public sealed class SqliteClusterRequestClaimTests() : ClusterRequestClaimTests(DatabaseProvider.Sqlite);
