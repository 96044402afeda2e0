using Ionos.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Teams;
using Portal.Application.Identity;
using Portal.Infrastructure.Clusters;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Tests.Refresh;

namespace Portal.Infrastructure.Tests.Clusters;

/// <summary>Admin adoption against the refresher, and the backups adapter's paging, on PostgreSQL and the real emulator.</summary>
public sealed class AdoptionAndBackupsTests
{
    private static readonly PortalUser Admin = new("oid-adam", "Adam Admin", new HashSet<string> { PortalRoles.Admin }, []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Adopt_UnmanagedCluster_StaysAdoptedThroughLaterRefreshesAndIsAudited()
    {
        await using var harness = await RefreshHarness.StartAsync();
        var id = Assert.Single(await harness.CreateClustersAsync(RefreshHarness.Berlin, 1, "legacy"));
        var refresher = harness.CreateRefresher();
        await refresher.RefreshOnceAsync(Ct);
        var team = new Team(Persistence.TestData.UniqueSlug(), "Analytics", harness.Clock.GetUtcNow());
        await using (var context = harness.Context())
        {
            context.Teams.Add(team);
            await context.SaveChangesAsync(Ct);
        }

        var admin = new ClusterAdministrationService(
            new ClusterReadStore(harness.Database.ContextFactory()), new ClusterChangeStore(harness.Database.ContextFactory()), harness.Clock,
            NullLogger<ClusterAdministrationService>.Instance);

        var refused = await admin.AdoptAsync(Admin with { Roles = new HashSet<string> { PortalRoles.Dba } }, RefreshHarness.Berlin, id, team.Id, Ct);
        Assert.False(refused.Succeeded);
        Assert.Contains("Only an Admin", refused.Problem, StringComparison.Ordinal);

        var adopted = await admin.AdoptAsync(Admin, RefreshHarness.Berlin, id, team.Id, Ct);
        Assert.True(adopted.Succeeded, adopted.Problem);
        Assert.True((await admin.SetDeletionProtectionAsync(Admin, RefreshHarness.Berlin, id, true, Ct)).Succeeded);

        // PROVISIONING -> AVAILABLE: the refresher rewrites the row, and must keep the team and the protection.
        harness.Clock.Advance(TimeSpan.FromSeconds(11));
        var report = await refresher.RefreshOnceAsync(Ct);
        Assert.Equal(1, report!.For(RefreshHarness.Berlin)!.Changed);

        await using var check = harness.Context();
        var snapshot = await check.ClusterSnapshots.AsNoTracking().SingleAsync(s => s.ClusterId == id, Ct);
        Assert.Equal((team.Id, true, ClusterState.Available), (snapshot.TeamId, snapshot.DeletionProtected, snapshot.State));
        var audit = await check.AuditEntries.AsNoTracking().Where(a => a.TargetId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal([ClusterAdministrationService.AdoptedAction, ClusterAdministrationService.DeletionProtectionAction], audit);

        var again = await admin.AdoptAsync(Admin, RefreshHarness.Berlin, id, team.Id, Ct);
        Assert.False(again.Succeeded);
        Assert.Contains("already belongs to team Analytics", again.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backups_ListPagesWithLimitAndOffset_MarksActiveAndStopsOnTheLastPage()
    {
        await using var harness = await RefreshHarness.StartAsync();
        var ids = await harness.CreateClustersAsync(RefreshHarness.Frankfurt, 3, "bk");
        harness.Clock.Advance(TimeSpan.FromSeconds(11)); // AVAILABLE: each cluster gets its active backup
        await harness.DeleteClusterAsync(RefreshHarness.Frankfurt, ids[2]);
        harness.Clock.Advance(TimeSpan.FromSeconds(5)); // gone: its backup stays, no longer active, with a latest recovery time
        using var adapters = Adapters(harness);
        var catalog = new IonosBackupCatalog(adapters.GetRequiredService<IIonosPostgresClientFactory>());

        var first = await catalog.ListAsync(RefreshHarness.Frankfurt, null, 0, 2, Ct);
        var second = await catalog.ListAsync(RefreshHarness.Frankfurt, null, 2, 2, Ct);
        Assert.Equal((2, true), (first.Items.Count, first.HasMore));
        Assert.Equal((1, false), (second.Items.Count, second.HasMore));
        var all = first.Items.Concat(second.Items).ToList();
        Assert.Equal(ids.Order(), all.Select(b => b.ClusterId).Order());
        Assert.All(all, b => Assert.Equal(b.ClusterId != ids[2], b.IsActive));
        Assert.All(all, b => Assert.Equal(b.ClusterId == ids[2], b.LatestRecoveryTime is not null));
        Assert.All(all, b => Assert.NotNull(b.EarliestRecoveryTime));

        var one = await catalog.ListAsync(RefreshHarness.Frankfurt, ids[1], 0, 10, Ct);
        var backup = Assert.Single(one.Items);
        Assert.False(one.HasMore);
        Assert.Equal(backup, await catalog.GetAsync(RefreshHarness.Frankfurt, backup.Id, Ct));
        Assert.Null(await catalog.GetAsync(RefreshHarness.Frankfurt, Guid.NewGuid().ToString(), Ct));
    }

    [Fact]
    public async Task Backups_IonosDown_ThrowsUnavailableWithAReason()
    {
        await using var harness = await RefreshHarness.StartAsync();
        harness.Emulator.Faults.Add(new global::Ionos.Emulator.FaultRule { Method = "GET", Path = "/backups", Status = 503 });
        using var adapters = Adapters(harness);
        var catalog = new IonosBackupCatalog(adapters.GetRequiredService<IIonosPostgresClientFactory>());

        var ex = await Assert.ThrowsAsync<Application.Offerings.IonosUnavailableException>(
            () => catalog.ListAsync(RefreshHarness.Frankfurt, Guid.NewGuid().ToString(), 0, 10, Ct));
        Assert.Contains("503", ex.Reason, StringComparison.Ordinal);
    }

    private static ServiceProvider Adapters(RefreshHarness harness)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ionos:Token"] = "test-token",
            ["Ionos:Regions:0:Code"] = RefreshHarness.Frankfurt,
            ["Ionos:Regions:0:BaseUrl"] = harness.Emulator.RegionAddress(RefreshHarness.Frankfurt).ToString(),
            ["Ionos:MaxRetryAttempts"] = "1",
            ["Ionos:RetryBaseDelay"] = "00:00:00.010",
            ["Ionos:RetryMaxDelay"] = "00:00:00.050",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPortalIonosAdapters(configuration);
        return services.BuildServiceProvider();
    }
}
