using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Application.Policies;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Policies;
using Portal.Infrastructure.Requests;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Policies;

public abstract class QuotaUsageQueryTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Usage_CountsLiveClustersAndApprovedCreatesOnTheirWayOnce()
    {
        var team = TestData.Team();
        var other = TestData.Team();
        await using (var context = fixture.CreateContext())
        {
            context.Teams.AddRange(team, other);
            // 1 × (2 cores, 4 GB, 20 GB) live; a vanished one and another team's one do not count.
            context.ClusterSnapshots.Add(ClusterSnapshot.FirstSeen("de-fra", "c-live", TestData.Observed("live"), team.Id, TestData.LocalNow).Snapshot);
            var vanished = ClusterSnapshot.FirstSeen("de-fra", "c-gone", TestData.Observed("gone"), team.Id, TestData.LocalNow).Snapshot;
            vanished.MarkVanished(TestData.LocalNow);
            context.ClusterSnapshots.Add(vanished);
            context.ClusterSnapshots.Add(ClusterSnapshot.FirstSeen("de-fra", "c-other", TestData.Observed("other"), other.Id, TestData.LocalNow).Snapshot);
            await context.SaveChangesAsync(Ct);
        }

        var store = new ClusterRequestStore(fixture.ContextFactory());
        // Approved create (3 × 4 cores, 16 GB, 100 GB) counts; pending and rejected do not.
        await AddAsync(store, team, approve: true);
        await AddAsync(store, team, approve: false);
        var rejected = await AddAsync(store, team, approve: false);
        rejected.Reject(TestData.Bob, "no", TestData.LocalNow);
        await store.UpdateAsync(rejected, Audit(rejected, "request.rejected"), true, Ct);

        var usage = await new QuotaUsageQuery(fixture.ContextFactory()).GetUsageAsync(team.Id, Ct);

        Assert.Equal(new QuotaUsage(2, 2 + 12, 4 + 48, 20 + 300), usage);
    }

    [Fact]
    public async Task SetQuota_ThenList_ShowsTheQuotaWithTheTeamAndAudits()
    {
        var team = TestData.Team();
        await using (var context = fixture.CreateContext())
        {
            context.Teams.Add(team);
            await context.SaveChangesAsync(Ct);
        }

        var store = new PolicyStore(fixture.ContextFactory());
        Assert.True(await store.SetQuotaAsync(team.Id, new QuotaLimits(2, null, 64, 500), TestData.Bob,
            new AuditEvent(TestData.LocalNow, TestData.Bob, PolicyService.QuotaSetAction, "Team", team.Id.ToString(), team.Id, null, "c", "{}"), Ct));
        Assert.False(await store.SetQuotaAsync(Guid.NewGuid(), QuotaLimits.None, TestData.Bob,
            new AuditEvent(TestData.LocalNow, TestData.Bob, PolicyService.QuotaSetAction, "Team", "x", null, null, "c", "{}"), Ct));

        var row = Assert.Single(await store.ListTeamsAsync(Ct), t => t.Team.Id == team.Id);
        Assert.Equal(new QuotaLimits(2, null, 64, 500), QuotaLimits.Of(row.Quota));
        await store.SetAutoApprovalAsync(new AutoApprovalRule(true, 2, 8, 1, 50), TestData.Bob,
            new AuditEvent(TestData.LocalNow, TestData.Bob, PolicyService.AutoApprovalSetAction, "ApprovalPolicy", "auto-approval", null, null, "c", "{}"), Ct);
        Assert.Equal(new AutoApprovalRule(true, 2, 8, 1, 50), AutoApprovalRule.Of(await store.GetApprovalPolicyAsync(Ct)));
    }

    private async Task<ClusterRequest> AddAsync(ClusterRequestStore store, Team team, bool approve)
    {
        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);
        await store.AddAsync(request, null, Audit(request, CreateClusterService.SubmittedAction), Ct);
        if (approve)
        {
            request.Approve(TestData.Bob, null, TestData.LocalNow);
            await store.UpdateAsync(request, Audit(request, "request.approved"), false, Ct);
        }

        return request;
    }

    private static AuditEvent Audit(ClusterRequest request, string action) =>
        new(TestData.LocalNow, TestData.Bob, action, "ClusterRequest", request.Id.ToString(), request.TeamId, request.Region, "c", "{}");

}

public sealed class SqliteQuotaUsageQueryTests(SqliteDatabaseFixture fixture)
    : QuotaUsageQueryTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlQuotaUsageQueryTests(PostgreSqlDatabaseFixture fixture)
    : QuotaUsageQueryTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;
