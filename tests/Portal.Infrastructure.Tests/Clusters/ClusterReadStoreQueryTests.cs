using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Infrastructure.Clusters;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Clusters;

/// <summary>
/// The dashboard's filters, sorting and paging as real SQL through <see cref="ClusterReadStore"/>, on both providers.
/// Every test seeds its own region code, so tests sharing the class's database never see each other's rows.
/// </summary>
public abstract class ClusterReadStoreQueryTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Query_SearchMatchesNameOrDnsCaseInsensitively_AndCountsStatesUnderTheOtherFilters()
    {
        var (region, payments, _) = await SeedAsync();
        var store = new ClusterReadStore(fixture.ContextFactory());

        var byName = await store.QueryAsync(new ClusterQuery { Region = region, Search = "ORDERS" }, ClusterVisibility.Everything, Ct);
        Assert.Equal(["orders-a", "orders-b"], byName.Rows.Select(r => r.Name));

        var byDns = await store.QueryAsync(new ClusterQuery { Region = region, Search = "search-dns" }, ClusterVisibility.Everything, Ct);
        Assert.Equal(["search-x"], byDns.Rows.Select(r => r.Name));

        var provisioning = await store.QueryAsync(new ClusterQuery { Region = region, State = ClusterState.Provisioning }, ClusterVisibility.Everything, Ct);
        Assert.Equal(["orders-b"], provisioning.Rows.Select(r => r.Name));
        Assert.Equal(1, provisioning.TotalCount);
        Assert.Equal((3, 1), (provisioning.CountsByState[ClusterState.Available], provisioning.CountsByState[ClusterState.Provisioning]));

        var team = await store.QueryAsync(new ClusterQuery { Region = region, TeamId = payments.Id }, ClusterVisibility.Everything, Ct);
        Assert.Equal(["orders-a", "orders-b"], team.Rows.Select(r => r.Name));
        Assert.All(team.Rows, r => Assert.Equal("Payments", r.TeamName));
    }

    [Fact]
    public async Task Query_UnmanagedFilterVanishedAndVisibility_ShowOnlyWhatTheyShould()
    {
        var (region, payments, search) = await SeedAsync();
        var store = new ClusterReadStore(fixture.ContextFactory());

        var unmanaged = await store.QueryAsync(new ClusterQuery { Region = region, TeamId = Guid.Empty }, ClusterVisibility.Everything, Ct);
        Assert.Equal(["legacy"], unmanaged.Rows.Select(r => r.Name));
        Assert.False(unmanaged.Rows[0].IsManaged);

        var withVanished = await store.QueryAsync(new ClusterQuery { Region = region, IncludeVanished = true }, ClusterVisibility.Everything, Ct);
        Assert.Equal(5, withVanished.TotalCount);
        Assert.Contains(withVanished.Rows, r => r.Name == "gone" && r.VanishedAt is not null);

        var member = await store.QueryAsync(new ClusterQuery { Region = region }, ClusterVisibility.Teams([search.Id]), Ct);
        Assert.Equal(["search-x"], member.Rows.Select(r => r.Name));

        var none = await store.QueryAsync(new ClusterQuery { Region = region }, ClusterVisibility.Teams([]), Ct);
        Assert.Empty(none.Rows);
        Assert.NotEqual(Guid.Empty, payments.Id);
    }

    [Fact]
    public async Task Query_SortBySizeDescendingAndPaging_IsATotalOrderWithoutRepeats()
    {
        var (region, _, _) = await SeedAsync();
        var store = new ClusterReadStore(fixture.ContextFactory());

        var bySize = await store.QueryAsync(new ClusterQuery { Region = region, SortBy = ClusterSortField.Size, Descending = true }, ClusterVisibility.Everything, Ct);
        Assert.Equal(["orders-b", "search-x", "legacy", "orders-a"], bySize.Rows.Select(r => r.Name));

        var pages = new List<string>();
        for (var page = 0; page < 3; page++)
        {
            var result = await store.QueryAsync(
                new ClusterQuery { Region = region, SortBy = ClusterSortField.Team, PageSize = 3, Page = page }, ClusterVisibility.Everything, Ct);
            Assert.Equal(4, result.TotalCount);
            pages.AddRange(result.Rows.Select(r => r.Name));
        }

        Assert.Equal(4, pages.Count);
        Assert.Equal(4, pages.Distinct().Count());

        var byNameDesc = await store.QueryAsync(new ClusterQuery { Region = region, Descending = true, PageSize = 2, Page = 1 }, ClusterVisibility.Everything, Ct);
        Assert.Equal(["legacy"], byNameDesc.Rows.Skip(1).Select(r => r.Name));
    }

    [Fact]
    public async Task ChangeStore_OpenRequestsAndTheClustersRequests_AreFoundInSql()
    {
        var (region, payments, _) = await SeedAsync();
        var clusterId = Guid.NewGuid().ToString();
        var now = TestData.LocalNow;
        var create = ClusterRequest.SubmitCreate(payments.Id, region, TestData.Alice, TestData.Spec("orders-a"), now);
        create.Approve(TestData.Bob, "ok", now);
        create.BeginSubmitting("orders-a", now);
        create.MarkProvisioning(clusterId, now);
        create.Complete(now);
        var delete = ClusterRequest.SubmitDelete(payments.Id, region, TestData.Alice, clusterId, TestData.Spec("orders-a"), now.AddMinutes(1));
        var cancelled = ClusterRequest.SubmitDelete(payments.Id, region, TestData.Alice, clusterId, TestData.Spec("orders-a"), now.AddMinutes(2));
        cancelled.Cancel(TestData.Alice, now.AddMinutes(3));
        var baseline = TestData.Spec("orders-a");
        var update = ClusterRequest.SubmitUpdate(payments.Id, region, TestData.Alice, clusterId, baseline, baseline with { Cores = baseline.Cores + 2 }, now.AddMinutes(5));
        await using (var context = fixture.CreateContext())
        {
            context.ClusterRequests.AddRange(create, delete, cancelled, update);
            await context.SaveChangesAsync(Ct);
        }

        var store = new ClusterChangeStore(fixture.ContextFactory());

        // The oldest open change (update or delete); the completed create and the cancelled delete are not changes in flight.
        Assert.Equal(delete.Id, (await store.FindOpenChangeAsync(region, clusterId, Ct))?.Id);
        Assert.Null(await store.FindOpenChangeAsync(region, Guid.NewGuid().ToString(), Ct));
        Assert.Equal([update.Id, cancelled.Id, delete.Id, create.Id], (await store.ListForClusterAsync(region, clusterId, 10, Ct)).Select(r => r.Id));

        delete.Cancel(TestData.Alice, now.AddMinutes(6));
        await using (var context = fixture.CreateContext())
        {
            context.ClusterRequests.Update(delete);
            await context.SaveChangesAsync(Ct);
        }

        Assert.Equal(update.Id, (await store.FindOpenChangeAsync(region, clusterId, Ct))?.Id);
    }

    /// <summary>
    /// In a fresh region: orders-a (payments, 1×2 cores), orders-b (payments, PROVISIONING, 3×8), search-x (search, 2×4,
    /// DNS "search-dns..."), legacy (unmanaged, 1×4) and gone (payments, vanished).
    /// </summary>
    private async Task<(string Region, Team Payments, Team Search)> SeedAsync()
    {
        var region = $"t-{Guid.NewGuid():N}"[..20];
        var now = TestData.LocalNow;
        var payments = new Team(TestData.UniqueSlug("pay"), "Payments", now);
        var search = new Team(TestData.UniqueSlug("sea"), "Search", now);
        ClusterSnapshot Snapshot(string name, Guid? team, int instances, int cores, string state = "AVAILABLE", string? dns = null) =>
            ClusterSnapshot.FirstSeen(region, Guid.NewGuid().ToString(), TestData.Observed(name, state) with
            {
                Instances = instances,
                Cores = cores,
                DnsName = dns ?? $"{name}.postgresql.example",
            }, team, now).Snapshot;

        var gone = Snapshot("gone", payments.Id, 1, 1);
        gone.MarkVanished(now);
        await using var context = fixture.CreateContext();
        context.Teams.AddRange(payments, search);
        context.ClusterSnapshots.AddRange(
            Snapshot("orders-a", payments.Id, 1, 2),
            Snapshot("orders-b", payments.Id, 3, 8, "PROVISIONING"),
            Snapshot("search-x", search.Id, 2, 4, dns: "search-dns.postgresql.example"),
            Snapshot("legacy", null, 1, 4),
            gone);
        await context.SaveChangesAsync(Ct);
        return (region, payments, search);
    }
}

public sealed class PostgreSqlClusterReadStoreQueryTests(PostgreSqlDatabaseFixture fixture)
    : ClusterReadStoreQueryTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;

public sealed class SqliteClusterReadStoreQueryTests(SqliteDatabaseFixture fixture)
    : ClusterReadStoreQueryTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;
