using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Expiry;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Expiry;
using Portal.Infrastructure.Notifications;
using Portal.Infrastructure.Policies;
using Portal.Infrastructure.Requests;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Expiry;

/// <summary>
/// Expiry of undecided requests through the real service and stores, on each provider, with a fake clock. The database is
/// shared by the class: every test submits its own requests, at a time of its own, and asserts only about those.
/// </summary>
public abstract class PendingRequestExpiryTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private static readonly TimeSpan Expiry = TimeSpan.FromDays(14);

    private readonly CapturingNotifier _notifier = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExpireDue_PendingExactlyTheExpiry_ExpiresWithReasonSecretDeletedOneAuditEntryNotifiedAndBadged()
    {
        var submittedAt = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        // A requester of its own: the badge counts all of a person's requests, and the database is shared by the class.
        var requester = new Actor($"oid-{Guid.NewGuid():N}", "Erin Requester");
        var (request, team) = await SubmitAsync(submittedAt, requester);
        var news = new RequestNewsStore(fixture.ContextFactory());
        await news.MarkSeenAsync(requester.Id, submittedAt, Ct);
        var clock = new FakeTimeProvider(submittedAt + Expiry - TimeSpan.FromTicks(10));

        await Sweeper(clock).ExpireDueAsync(Ct);
        Assert.Equal(ClusterRequestStatus.PendingApproval, (await LoadAsync(request.Id)).Status);

        clock.Advance(TimeSpan.FromTicks(10));
        await Sweeper(clock).ExpireDueAsync(Ct);

        var stored = await LoadAsync(request.Id);
        Assert.Equal(ClusterRequestStatus.Expired, stored.Status);
        Assert.Equal(PendingRequestExpiry.Reason(Expiry), stored.DecisionComment);
        Assert.Equal("No DBA decided within 14 days, so the request expired. Submit it again if you still need it.", stored.DecisionComment);
        Assert.Equal(Actor.System.Id, stored.DecidedById);
        Assert.Equal(clock.GetUtcNow(), stored.CompletedAt);
        await Tests.Audit.AuditChainAssert.SealedAndIntactAsync(fixture.ContextFactory());
        await using var context = fixture.CreateContext();
        Assert.False(await context.PendingSecrets.AnyAsync(s => s.RequestId == request.Id, Ct));
        var entry = await context.AuditEntries.SingleAsync(a => a.TargetId == request.Id.ToString() && a.Action == PendingRequestExpiry.ExpiredAction, Ct);
        Assert.Equal(Actor.System.Id, entry.ActorId);
        Assert.True(entry.HasValidHash());
        Assert.DoesNotContain("ciphertext", entry.Details, StringComparison.OrdinalIgnoreCase);
        var notification = Assert.Single(_notifier.Sent, n => n.RequestId == request.Id);
        Assert.Equal(RequestEvent.Expired, notification.Event);
        Assert.Equal(team.Slug, notification.TeamSlug);
        Assert.Equal(stored.DecisionComment, notification.Comment);
        Assert.Equal(1, await news.CountUnseenAsync(requester.Id, Ct));
    }

    [Fact]
    public async Task ExpireDue_YoungPendingAndOldDecided_AreLeftAsTheyAre()
    {
        var now = new DateTimeOffset(2026, 2, 20, 12, 0, 0, TimeSpan.Zero);
        var (young, _) = await SubmitAsync(now - Expiry + TimeSpan.FromMinutes(1));
        var (approved, _) = await SubmitAsync(now - Expiry - TimeSpan.FromDays(30));
        approved.Approve(TestData.Bob, null, now - Expiry - TimeSpan.FromDays(29));
        await new ClusterRequestStore(fixture.ContextFactory()).UpdateAsync(approved, Audit(approved, RequestDecisionService.ApprovedAction), false, Ct);

        await Sweeper(new FakeTimeProvider(now)).ExpireDueAsync(Ct);

        Assert.Equal(ClusterRequestStatus.PendingApproval, (await LoadAsync(young.Id)).Status);
        Assert.Equal(ClusterRequestStatus.Approved, (await LoadAsync(approved.Id)).Status);
        await using var context = fixture.CreateContext();
        Assert.True(await context.PendingSecrets.AnyAsync(s => s.RequestId == young.Id, Ct));
        Assert.DoesNotContain(_notifier.Sent, n => n.RequestId == young.Id || n.RequestId == approved.Id);
    }

    [Fact]
    public async Task ExpireDue_TwoReplicasSweepAtOnce_EachRequestExpiresOnceWithOneAuditEntryAndOneNotification()
    {
        var submittedAt = new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await SubmitAsync(submittedAt.AddMinutes(i))).Request.Id);
        }

        var clock = new FakeTimeProvider(submittedAt + Expiry + TimeSpan.FromHours(1));
        using var bothRead = new CountdownEvent(2);
        var store = new ClusterRequestStore(fixture.ContextFactory());
        var first = Task.Run(() => Sweeper(clock, new ListTogether(store, bothRead)).ExpireDueAsync(Ct), Ct);
        var second = Task.Run(() => Sweeper(clock, new ListTogether(store, bothRead)).ExpireDueAsync(Ct), Ct);
        await Task.WhenAll(first, second);

        await using var context = fixture.CreateContext();
        foreach (var id in ids)
        {
            Assert.Equal(ClusterRequestStatus.Expired, (await LoadAsync(id)).Status);
            Assert.Equal(1, await context.AuditEntries.CountAsync(a => a.TargetId == id.ToString() && a.Action == PendingRequestExpiry.ExpiredAction, Ct));
            Assert.Single(_notifier.Sent, n => n.RequestId == id);
        }
    }

    [Fact]
    public async Task ExpireDue_DbaApprovesBetweenReadAndWrite_ApprovalStandsAndNothingIsExpired()
    {
        var submittedAt = new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero);
        var (request, _) = await SubmitAsync(submittedAt);
        var store = new ClusterRequestStore(fixture.ContextFactory());
        var approveFirst = new ActBeforeWrite(store, async () =>
        {
            var fresh = await store.GetAsync(request.Id, Ct);
            fresh!.Approve(TestData.Bob, "ok", submittedAt + Expiry);
            await store.UpdateAsync(fresh, Audit(fresh, RequestDecisionService.ApprovedAction), false, Ct);
        });

        await Sweeper(new FakeTimeProvider(submittedAt + Expiry + TimeSpan.FromDays(1)), approveFirst).ExpireDueAsync(Ct);

        Assert.Equal(ClusterRequestStatus.Approved, (await LoadAsync(request.Id)).Status);
        await using var context = fixture.CreateContext();
        Assert.False(await context.AuditEntries.AnyAsync(a => a.TargetId == request.Id.ToString() && a.Action == PendingRequestExpiry.ExpiredAction, Ct));
        Assert.True(await context.PendingSecrets.AnyAsync(s => s.RequestId == request.Id, Ct));
        Assert.DoesNotContain(_notifier.Sent, n => n.RequestId == request.Id);
    }

    [Fact]
    public async Task Sweeper_Running_ExpiresARequestOnceTheClockPassesItsExpiry()
    {
        var start = new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var (request, _) = await SubmitAsync(start - Expiry + TimeSpan.FromMinutes(10));
        var options = Options.Create(new RequestExpiryOptions { PendingApprovalExpiry = Expiry, ExpirySweepInterval = TimeSpan.FromMinutes(15) });
        using var service = new PendingApprovalExpiryService(Sweeper(clock), options, clock, NullLogger<PendingApprovalExpiryService>.Instance);
        var sweeps = new SemaphoreSlim(0);
        service.Swept += _ => sweeps.Release();

        await service.StartAsync(Ct);
        Assert.True(await sweeps.WaitAsync(TimeSpan.FromSeconds(30), Ct), "The first sweep never ran.");
        Assert.Equal(ClusterRequestStatus.PendingApproval, (await LoadAsync(request.Id)).Status);

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.True(await sweeps.WaitAsync(TimeSpan.FromSeconds(30), Ct), "No sweep after the interval.");
        await service.StopAsync(Ct);

        Assert.Equal(ClusterRequestStatus.Expired, (await LoadAsync(request.Id)).Status);
    }

    private PendingRequestExpiry Sweeper(TimeProvider clock, IRequestDecisionStore? decisions = null) => new(
        decisions ?? new ClusterRequestStore(fixture.ContextFactory()),
        new PolicyStore(fixture.ContextFactory()),
        _notifier,
        Options.Create(new RequestExpiryOptions { PendingApprovalExpiry = Expiry }),
        clock,
        NullLogger<PendingRequestExpiry>.Instance);

    private async Task<ClusterRequest> LoadAsync(Guid id)
    {
        await using var context = fixture.CreateContext();
        return await context.ClusterRequests.AsNoTracking().SingleAsync(r => r.Id == id, Ct);
    }

    private async Task<(ClusterRequest Request, Team Team)> SubmitAsync(DateTimeOffset at, Actor? requester = null)
    {
        var team = TestData.Team();
        await using (var context = fixture.CreateContext())
        {
            context.Teams.Add(team);
            await context.SaveChangesAsync(Ct);
        }

        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", requester ?? TestData.Alice, TestData.Spec(), at);
        await new ClusterRequestStore(fixture.ContextFactory()).AddAsync(request, new PendingSecret(request.Id, "CfDJ8-ciphertext", at),
            Audit(request, CreateClusterService.SubmittedAction), Ct);
        return (request, team);
    }

    private static AuditEvent Audit(ClusterRequest request, string action) => new(
        request.DecidedAt ?? request.CreatedAt, TestData.Alice, action, "ClusterRequest", request.Id.ToString(), request.TeamId, request.Region, "c", "{}");

    private sealed class CapturingNotifier : IRequestNotifier
    {
        private readonly ConcurrentQueue<RequestNotification> _sent = new();

        public IReadOnlyCollection<RequestNotification> Sent => _sent;

        public Task NotifyAsync(RequestNotification notification, CancellationToken cancellationToken)
        {
            _sent.Enqueue(notification);
            return Task.CompletedTask;
        }
    }

    /// <summary>The first list of each sweeper waits until the other has listed too: both hold the same versions.</summary>
    private sealed class ListTogether(ClusterRequestStore inner, CountdownEvent bothRead) : IRequestDecisionStore
    {
        private bool _waited;

        public async Task<IReadOnlyList<ClusterRequest>> ListPendingAsync(int limit, CancellationToken cancellationToken)
        {
            var pending = await inner.ListPendingAsync(limit, cancellationToken);
            if (!_waited)
            {
                _waited = true;
                bothRead.Signal();
                Assert.True(bothRead.Wait(TimeSpan.FromSeconds(30), cancellationToken), "The other sweeper never listed the queue.");
            }

            return pending;
        }

        public Task UpdateAsync(ClusterRequest request, AuditEvent audit, bool deletePendingSecret, CancellationToken cancellationToken) =>
            inner.UpdateAsync(request, audit, deletePendingSecret, cancellationToken);
    }

    /// <summary>Runs <paramref name="act"/> (someone else's decision) after the sweeper read the queue and before its first write.</summary>
    private sealed class ActBeforeWrite(ClusterRequestStore inner, Func<Task> act) : IRequestDecisionStore
    {
        private bool _acted;

        public Task<IReadOnlyList<ClusterRequest>> ListPendingAsync(int limit, CancellationToken cancellationToken) =>
            inner.ListPendingAsync(limit, cancellationToken);

        public async Task UpdateAsync(ClusterRequest request, AuditEvent audit, bool deletePendingSecret, CancellationToken cancellationToken)
        {
            if (!_acted)
            {
                _acted = true;
                await act();
            }

            await inner.UpdateAsync(request, audit, deletePendingSecret, cancellationToken);
        }
    }
}

public sealed class SqlitePendingRequestExpiryTests(SqliteDatabaseFixture fixture)
    : PendingRequestExpiryTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlPendingRequestExpiryTests(PostgreSqlDatabaseFixture fixture)
    : PendingRequestExpiryTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;

/// <summary>The expiry settings are checked when the host starts, and a bad value names the setting.</summary>
public sealed class RequestExpirySetupTests
{
    [Theory]
    [InlineData("00:00:00", "Portal:Requests:PendingApprovalExpiry must be between 01:00:00")]
    [InlineData("400.00:00:00", "Portal:Requests:PendingApprovalExpiry must be between 01:00:00")]
    public void Options_ExpiryOutOfRange_FailWithAMessageNamingTheSetting(string value, string expected)
    {
        using var provider = Provider(new() { ["Portal:Requests:PendingApprovalExpiry"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RequestExpiryOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NoSettings_Default14DaysChecked15Minutes()
    {
        using var provider = Provider([]);

        var options = provider.GetRequiredService<IOptions<RequestExpiryOptions>>().Value;

        Assert.Equal(TimeSpan.FromDays(14), options.PendingApprovalExpiry);
        Assert.Equal(TimeSpan.FromMinutes(15), options.ExpirySweepInterval);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddPortalRequestExpiry();
        return services.BuildServiceProvider();
    }
}
