using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Requests;
using Portal.Infrastructure.Tests.Audit;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Requests;

/// <summary>
/// The request store and the audit chain it appends to. Every test of a class shares one database, and every audit
/// entry in it is written through <see cref="AuditTrail"/>, so the whole table must always be one unbroken chain.
/// </summary>
public abstract class ClusterRequestStoreTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ClusterRequestStore Store => new(fixture.ContextFactory());

    [Fact]
    public async Task AddAsync_RequestSecretAndAudit_AreCommittedTogether()
    {
        var team = await SaveTeamAsync();
        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);
        var secret = new PendingSecret(request.Id, "CfDJ8-ciphertext", TestData.LocalNow);

        await Store.AddAsync(request, secret, Submitted(request), Ct);

        var loaded = await Store.GetAsync(request.Id, Ct);
        Assert.Equal((ClusterRequestStatus.PendingApproval, request.Spec), (loaded?.Status, loaded?.Spec));
        await using var context = fixture.CreateContext();
        Assert.Equal("CfDJ8-ciphertext", (await context.PendingSecrets.SingleAsync(s => s.RequestId == request.Id, Ct)).Ciphertext);
        await AssertUnbrokenChainAsync();
        var entry = await context.AuditEntries.SingleAsync(a => a.TargetId == request.Id.ToString(), Ct);
        Assert.Equal((CreateClusterService.SubmittedAction, team.Id, "de-fra"), (entry.Action, entry.TeamId, entry.Region));
        Assert.True(entry.HasValidHash());
    }

    [Fact]
    public async Task AddAsync_SaveFails_LeavesNoRequestSecretOrAuditEntry()
    {
        var missingTeam = Guid.NewGuid();
        var request = ClusterRequest.SubmitCreate(missingTeam, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);
        var secret = new PendingSecret(request.Id, "CfDJ8-ciphertext", TestData.LocalNow);

        await Assert.ThrowsAsync<DbUpdateException>(() => Store.AddAsync(request, secret, Submitted(request), Ct));

        await using var context = fixture.CreateContext();
        Assert.False(await context.ClusterRequests.AnyAsync(r => r.Id == request.Id, Ct));
        Assert.False(await context.PendingSecrets.AnyAsync(s => s.RequestId == request.Id, Ct));
        Assert.False(await context.AuditEntries.AnyAsync(a => a.TargetId == request.Id.ToString(), Ct));
    }

    [Fact]
    public async Task AddAsync_WithoutSecret_StoresRequestAndAudit()
    {
        var team = await SaveTeamAsync();
        var request = ClusterRequest.SubmitCreate(team.Id, "de-txl", TestData.Alice, TestData.Spec(), TestData.LocalNow);

        await Store.AddAsync(request, null, Submitted(request), Ct);

        await using var context = fixture.CreateContext();
        Assert.True(await context.ClusterRequests.AnyAsync(r => r.Id == request.Id, Ct));
        Assert.False(await context.PendingSecrets.AnyAsync(s => s.RequestId == request.Id, Ct));
        Assert.True(await context.AuditEntries.AnyAsync(a => a.TargetId == request.Id.ToString(), Ct));
    }

    [Fact]
    public async Task AddAsync_TwentyConcurrentSubmits_ChainEveryEntryToItsPredecessor()
    {
        var team = await SaveTeamAsync();
        var requests = Enumerable.Range(0, 20)
            .Select(i => ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow.AddSeconds(i)))
            .ToList();

        await Task.WhenAll(requests.Select(r => Task.Run(() => Store.AddAsync(r, null, Submitted(r), Ct), Ct)));

        await using var context = fixture.CreateContext();
        var ids = requests.Select(r => r.Id.ToString()).ToList();
        Assert.Equal(20, await context.AuditEntries.CountAsync(a => ids.Contains(a.TargetId), Ct));
        await AssertUnbrokenChainAsync();
    }

    [Fact]
    public async Task ListForTeamsAsync_SeveralTeams_ReturnsOnlyThoseTeamsNewestFirstUpToTheLimit()
    {
        var (mine, other, foreign) = (await SaveTeamAsync(), await SaveTeamAsync(), await SaveTeamAsync());
        var oldest = ClusterRequest.SubmitCreate(mine.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);
        var middle = ClusterRequest.SubmitCreate(other.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow.AddHours(1));
        var newest = ClusterRequest.SubmitCreate(mine.Id, "de-txl", TestData.Alice, TestData.Spec(), TestData.LocalNow.AddHours(2));
        var notMine = ClusterRequest.SubmitCreate(foreign.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow.AddHours(3));
        foreach (var request in new[] { middle, newest, oldest, notMine })
        {
            await Store.AddAsync(request, null, Submitted(request), Ct);
        }

        var all = await Store.ListForTeamsAsync([mine.Id, other.Id], 10, Ct);
        var two = await Store.ListForTeamsAsync([mine.Id, other.Id], 2, Ct);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], all.Select(r => r.Id));
        Assert.Equal([newest.Id, middle.Id], two.Select(r => r.Id));
        Assert.Empty(await Store.ListForTeamsAsync([], 10, Ct));
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.GetAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task AuditTrailAppend_OutsideATransaction_IsRefused()
    {
        await using var context = fixture.CreateContext();
        var request = ClusterRequest.SubmitCreate(Guid.NewGuid(), "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AuditTrail.AppendAsync(context, Submitted(request), Ct));

        Assert.Contains("inside a transaction", error.Message, StringComparison.Ordinal);
    }

    private static AuditEvent Submitted(ClusterRequest request) => new(
        request.CreatedAt, TestData.Alice, CreateClusterService.SubmittedAction, "ClusterRequest", request.Id.ToString(),
        request.TeamId, request.Region, Guid.NewGuid().ToString("N"), "{\"password\":\"(encrypted, not recorded)\"}");

    private async Task<Team> SaveTeamAsync()
    {
        var team = TestData.Team();
        await using var context = fixture.CreateContext();
        context.Teams.Add(team);
        await context.SaveChangesAsync(Ct);
        return team;
    }

    private Task AssertUnbrokenChainAsync() => AuditChainAssert.SealedAndIntactAsync(fixture.ContextFactory());
}

public sealed class SqliteClusterRequestStoreTests(SqliteDatabaseFixture fixture)
    : ClusterRequestStoreTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlClusterRequestStoreTests(PostgreSqlDatabaseFixture fixture)
    : ClusterRequestStoreTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;
