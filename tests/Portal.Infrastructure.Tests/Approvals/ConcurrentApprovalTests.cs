using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Application.Identity;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Execution;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Policies;
using Portal.Infrastructure.Requests;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Approvals;

/// <summary>Decisions through the real service and stores on real PostgreSQL: one decision per request, one audit entry per decision.</summary>
public sealed class ConcurrentApprovalTests(PostgreSqlDatabaseFixture fixture) : IClassFixture<PostgreSqlDatabaseFixture>
{
    private static readonly PortalUser Dana = new("oid-dana", "Dana DBA", new HashSet<string> { PortalRoles.Dba }, []);
    private static readonly PortalUser Dirk = new("oid-dirk", "Dirk DBA", new HashSet<string> { PortalRoles.Dba }, []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approve_TwoDbasAtTheSameMoment_ExactlyOneWinsTheOtherHearsWhoAndOneAuditEntry()
    {
        for (var round = 0; round < 5; round++)
        {
            var request = await SubmitAsync();
            // Both services read the pending request before either writes: the race the version check must settle.
            var bothRead = new CountdownEvent(2);
            var first = Task.Run(() => Service(bothRead).ApproveAsync(Dana, request.Id, null, Ct), Ct);
            var second = Task.Run(() => Service(bothRead).ApproveAsync(Dirk, request.Id, "ok", Ct), Ct);
            var results = await Task.WhenAll(first, second);
            bothRead.Dispose();

            var winner = Assert.Single(results, r => r.Succeeded);
            var loser = Assert.Single(results, r => !r.Succeeded);
            await using var context = fixture.CreateContext();
            var stored = await context.ClusterRequests.SingleAsync(r => r.Id == request.Id, Ct);
            Assert.Equal(ClusterRequestStatus.Approved, stored.Status);
            Assert.Equal($"This request was already decided by {stored.DecidedByName} a moment ago (approved).", loser.Error);
            Assert.Equal(1, await context.AuditEntries.CountAsync(a => a.TargetId == request.Id.ToString() && a.Action == RequestDecisionService.ApprovedAction, Ct));
            Assert.Equal(1L, stored.Version);
            _ = winner;
        }
    }

    [Fact]
    public async Task Reject_DeletesThePendingSecretWithTheDecision()
    {
        var request = await SubmitAsync();

        var result = await Service().RejectAsync(Dana, request.Id, "Use the shared cluster", Ct);

        Assert.True(result.Succeeded, result.Error);
        await Audit.AuditChainAssert.SealedAndIntactAsync(fixture.ContextFactory());
        await using var context = fixture.CreateContext();
        Assert.False(await context.PendingSecrets.AnyAsync(s => s.RequestId == request.Id, Ct));
        var entry = await context.AuditEntries.SingleAsync(a => a.TargetId == request.Id.ToString() && a.Action == RequestDecisionService.RejectedAction, Ct);
        Assert.True(entry.HasValidHash());
    }

    [Fact]
    public async Task CancelThenApprove_ApproveIsRefusedAndTheSecretIsGone()
    {
        var request = await SubmitAsync();
        var rita = new PortalUser(TestData.Alice.Id, TestData.Alice.DisplayName, new HashSet<string> { PortalRoles.Requester }, []);

        Assert.True((await Service().CancelAsync(rita, request.Id, Ct)).Succeeded);
        var approve = await Service().ApproveAsync(Dana, request.Id, null, Ct);

        Assert.Equal($"This request was cancelled by {TestData.Alice.DisplayName}, so it cannot be approved.", approve.Error);
        await using var context = fixture.CreateContext();
        Assert.Equal(ClusterRequestStatus.Cancelled, (await context.ClusterRequests.SingleAsync(r => r.Id == request.Id, Ct)).Status);
        Assert.False(await context.PendingSecrets.AnyAsync(s => s.RequestId == request.Id, Ct));
    }

    [Fact]
    public async Task ListPending_ReturnsOnlyPendingOldestFirst()
    {
        var newer = await SubmitAsync(TestData.LocalNow.AddYears(-20).AddMinutes(5));
        var older = await SubmitAsync(TestData.LocalNow.AddYears(-20));
        var decided = await SubmitAsync(TestData.LocalNow.AddYears(-21));
        await Service().RejectAsync(Dana, decided.Id, "no", Ct);

        var pending = await new ClusterRequestStore(fixture.ContextFactory()).ListPendingAsync(500, Ct);

        var ids = pending.Select(r => r.Id).ToList();
        Assert.DoesNotContain(decided.Id, ids);
        Assert.True(ids.IndexOf(older.Id) < ids.IndexOf(newer.Id));
        Assert.Equal(pending.OrderBy(r => r.CreatedAt).Select(r => r.Id), ids);
    }

    private RequestDecisionService Service(CountdownEvent? bothRead = null)
    {
        var store = new ClusterRequestStore(fixture.ContextFactory());
        IClusterRequestStore reads = bothRead is null ? store : new ReadTogether(store, bothRead);
        return new RequestDecisionService(reads, store, new PolicyStore(fixture.ContextFactory()), new QuotaUsageQuery(fixture.ContextFactory()),
            new NoSignal(), new NoNotifier(), Options.Create(new PricingOptions()), TimeProvider.System, NullLogger<RequestDecisionService>.Instance);
    }

    private async Task<ClusterRequest> SubmitAsync(DateTimeOffset? at = null)
    {
        var team = new Team(TestData.UniqueSlug(), "Payments Team", TestData.LocalNow);
        await using (var context = fixture.CreateContext())
        {
            context.Teams.Add(team);
            await context.SaveChangesAsync(Ct);
        }

        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), at ?? TestData.LocalNow);
        await new ClusterRequestStore(fixture.ContextFactory()).AddAsync(request, new PendingSecret(request.Id, "CfDJ8-ciphertext", TestData.LocalNow),
            new AuditEvent(request.CreatedAt, TestData.Alice, CreateClusterService.SubmittedAction, "ClusterRequest", request.Id.ToString(), team.Id, "de-fra", "c", "{}"), Ct);
        return request;
    }

    /// <summary>The first read of each service waits until the other service has read too.</summary>
    private sealed class ReadTogether(ClusterRequestStore inner, CountdownEvent bothRead) : IClusterRequestStore
    {
        private bool _waited;

        public Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken) =>
            inner.AddAsync(request, secret, audit, cancellationToken);

        public async Task<ClusterRequest?> GetAsync(Guid id, CancellationToken cancellationToken)
        {
            var request = await inner.GetAsync(id, cancellationToken);
            if (!_waited)
            {
                _waited = true;
                bothRead.Signal();
                Assert.True(bothRead.Wait(TimeSpan.FromSeconds(10), cancellationToken), "The other approval never read the request.");
            }

            return request;
        }

        public Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken) =>
            inner.ListForTeamsAsync(teamIds, limit, cancellationToken);
    }

    private sealed class NoSignal : IRequestExecutionSignal
    {
        public void Wake()
        {
        }
    }

    private sealed class NoNotifier : IRequestNotifier
    {
        public Task NotifyAsync(RequestNotification notification, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
