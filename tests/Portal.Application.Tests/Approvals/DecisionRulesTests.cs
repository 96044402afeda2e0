using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Notifications;

namespace Portal.Application.Tests.Approvals;

public sealed class DecisionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryRequests _requests = new();
    private readonly InMemoryPolicies _policies = new();
    private readonly CountingSignal _signal = new();
    private readonly RecordingNotifier _notifier = new();
    private readonly FakeTimeProvider _time = new(Now);

    [Fact]
    public async Task Approve_Pending_IsApprovedAuditedWakesTheExecutorAndNotifies()
    {
        var request = await SubmitAsync();

        var result = await Decisions().ApproveAsync(People.Dana, request.Id, "  looks fine ", Ct);

        Assert.True(result.Succeeded, result.Error);
        var stored = _requests.Stored(request.Id);
        Assert.Equal((ClusterRequestStatus.Approved, "dana", "Dana DBA", "looks fine", Now, false),
            (stored.Status, stored.DecidedById, stored.DecidedByName, stored.DecisionComment, stored.DecidedAt, stored.AutoApproved));
        var audit = _requests.Audit[^1];
        Assert.Equal((RequestDecisionService.ApprovedAction, "dana", request.Id.ToString(), People.Payments.Id), (audit.Action, audit.Actor.Id, audit.TargetId, audit.TeamId));
        Assert.Contains(request.Id, _requests.Secrets);
        Assert.Equal(1, _signal.Wakes);
        var sent = Assert.Single(_notifier.Sent);
        Assert.Equal((RequestEvent.Approved, "payments", "Dana DBA", "looks fine"), (sent.Event, sent.TeamSlug, sent.ActorName, sent.Comment));
    }

    [Fact]
    public async Task Reject_WithoutComment_IsRefusedAndNothingChanges()
    {
        var request = await SubmitAsync();

        var result = await Decisions().RejectAsync(People.Dana, request.Id, "   ", Ct);

        Assert.Equal(RequestDecisionService.CommentRequired, result.Error);
        Assert.Equal(ClusterRequestStatus.PendingApproval, _requests.Stored(request.Id).Status);
        Assert.Single(_requests.Audit);
    }

    [Fact]
    public async Task Reject_WithComment_IsRejectedAndThePendingSecretIsDeleted()
    {
        var request = await SubmitAsync();

        var result = await Decisions().RejectAsync(People.Dana, request.Id, "Use the shared cluster", Ct);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(ClusterRequestStatus.Rejected, _requests.Stored(request.Id).Status);
        Assert.DoesNotContain(request.Id, _requests.Secrets);
        Assert.Equal(RequestDecisionService.RejectedAction, _requests.Audit[^1].Action);
        Assert.Equal(0, _signal.Wakes);
        Assert.Equal(RequestEvent.Rejected, Assert.Single(_notifier.Sent).Event);
    }

    [Fact]
    public async Task CancelThenApprove_ApproveIsRefusedSayingItWasCancelled()
    {
        var request = await SubmitAsync();
        Assert.True((await Decisions().CancelAsync(People.Rita, request.Id, Ct)).Succeeded);

        var result = await Decisions().ApproveAsync(People.Dana, request.Id, null, Ct);

        Assert.Equal("This request was cancelled by Rita Requester, so it cannot be approved.", result.Error);
        Assert.Equal(ClusterRequestStatus.Cancelled, _requests.Stored(request.Id).Status);
        Assert.Equal([CreateClusterService.SubmittedAction, RequestDecisionService.CancelledAction], _requests.Audit.Select(a => a.Action));
        Assert.DoesNotContain(request.Id, _requests.Secrets);
    }

    [Fact]
    public async Task RejectThenApprove_ApproveIsRefused()
    {
        var request = await SubmitAsync();
        await Decisions().RejectAsync(People.Dirk, request.Id, "no", Ct);

        var result = await Decisions().ApproveAsync(People.Dana, request.Id, null, Ct);

        Assert.Equal("This request was rejected by Dirk DBA, so it cannot be approved.", result.Error);
    }

    [Fact]
    public async Task Approve_AnotherDbaDecidedBetweenReadAndWrite_LosesWithWhoWon()
    {
        var request = await SubmitAsync();
        _requests.BeforeUpdate = async () => Assert.True((await Decisions().ApproveAsync(People.Dirk, request.Id, null, Ct)).Succeeded);

        var result = await Decisions().ApproveAsync(People.Dana, request.Id, null, Ct);

        Assert.False(result.Succeeded);
        Assert.Equal("This request was already decided by Dirk DBA a moment ago (approved).", result.Error);
        Assert.Equal("dirk", _requests.Stored(request.Id).DecidedById);
        Assert.Single(_requests.Audit, a => a.Action == RequestDecisionService.ApprovedAction);
        Assert.Equal(1, _signal.Wakes);
    }

    [Fact]
    public async Task Cancel_AfterApproval_IsRefused()
    {
        var request = await SubmitAsync();
        await Decisions().ApproveAsync(People.Dana, request.Id, null, Ct);

        var result = await Decisions().CancelAsync(People.Rita, request.Id, Ct);

        Assert.Equal("This request was already decided by Dana DBA, so it cannot be cancelled.", result.Error);
    }

    [Fact]
    public async Task Queue_ListsPendingOldestFirstWithAgeCostQuotaAndOwnRequestsNotDecidable()
    {
        var older = await SubmitAsync(People.Rita, Now.AddHours(-5), People.Spec(instances: 2, cores: 4, ramGb: 16, storageGb: 50));
        var own = await SubmitAsync(People.DbaRequester, Now.AddHours(-2));
        var decided = await SubmitAsync(People.Rita, Now.AddHours(-9));
        await Decisions().RejectAsync(People.Dana, decided.Id, "no", Ct);
        _policies.SetQuota(People.Payments.Id, clusters: 2, cores: 8);
        _policies.Usage[People.Payments.Id] = new QuotaUsage(1, 2, 4, 20);

        var queue = await Decisions().GetQueueAsync(People.DbaRequester, Ct);

        Assert.Equal([older.Id, own.Id], queue.Select(q => q.Request.Id));
        var first = queue[0];
        Assert.Equal(TimeSpan.FromHours(5), first.Age);
        Assert.Equal("Payments", first.TeamName);
        Assert.Equal(CostEstimate.For(2, 4, 16, 50, new PricingOptions()), first.Cost);
        Assert.Equal(new QuotaUsage(2, 10, 36, 120), first.Quota.After);
        Assert.True(first.OverQuota);
        Assert.Equal(["cores 10 of 8"], first.Quota.Exceeded);
        Assert.True(first.CanDecide);
        Assert.False(queue[1].CanDecide);
        Assert.Equal(RequestDecisionService.OwnRequest, queue[1].NotDecidableBecause);
    }

    [Fact]
    public async Task Queue_ForARequester_IsEmpty()
    {
        await SubmitAsync();

        Assert.Empty(await Decisions().GetQueueAsync(People.Rita, Ct));
    }

    private async Task<ClusterRequest> SubmitAsync(PortalUser? submitter = null, DateTimeOffset? at = null, ClusterSpec? spec = null)
    {
        var request = ClusterRequest.SubmitCreate(People.Payments.Id, "de-txl", People.ActorOf(submitter ?? People.Rita), spec ?? People.Spec(), at ?? Now.AddHours(-1));
        await _requests.AddAsync(request, new PendingSecret(request.Id, "CfDJ8-cipher", Now), AuthorizationMatrixTests.Submitted(request), Ct);
        return request;
    }

    private RequestDecisionService Decisions() => new(_requests, _requests, _policies, _policies, _signal, _notifier,
        Options.Create(new PricingOptions()), _time, NullLogger<RequestDecisionService>.Instance);
}
