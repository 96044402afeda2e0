using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain;
using Portal.Application.Domain.Policies;
using Portal.Application.Domain.Requests;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Notifications;

namespace Portal.Application.Tests.Approvals;

public sealed class SubmissionApprovalsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryRequests _requests = new();
    private readonly InMemoryPolicies _policies = new();
    private readonly CountingSignal _signal = new();
    private readonly RecordingNotifier _notifier = new();
    private readonly FakeTimeProvider _time = new(Now);

    public SubmissionApprovalsTests()
    {
        _policies.Policy = new ApprovalPolicy(Actor.System, Now);
        _policies.Policy.Set(true, 2, 8, 1, 100, Actor.System, Now);
    }

    [Fact]
    public async Task Submit_WithinRuleAndQuota_IsApprovedByPolicyWithItsOwnAuditEntry()
    {
        _policies.SetQuota(People.Payments.Id, clusters: 3);

        var request = await SubmitAsync(People.Spec(instances: 1, cores: 2, ramGb: 8, storageGb: 100));

        var stored = _requests.Stored(request.Id);
        Assert.Equal((ClusterRequestStatus.Approved, true, Actor.Policy.Id, false), (stored.Status, stored.AutoApproved, stored.DecidedById, stored.OverQuota));
        var audit = _requests.Audit[^1];
        Assert.Equal((SubmissionApprovals.AutoApprovedAction, Actor.Policy.Id), (audit.Action, audit.Actor.Id));
        Assert.Equal(2, _requests.Audit.Count);
        Assert.Equal(1, _signal.Wakes);
        Assert.Equal([RequestEvent.Submitted, RequestEvent.AutoApproved], _notifier.Sent.Select(n => n.Event));
    }

    [Fact]
    public async Task Submit_OverQuota_StaysPendingMarkedOverQuota()
    {
        _policies.SetQuota(People.Payments.Id, clusters: 1);
        _policies.Usage[People.Payments.Id] = new QuotaUsage(1, 2, 4, 20);

        var request = await SubmitAsync(People.Spec());

        var stored = _requests.Stored(request.Id);
        Assert.Equal((ClusterRequestStatus.PendingApproval, true), (stored.Status, stored.OverQuota));
        Assert.Single(_requests.Audit);
        Assert.Equal(0, _signal.Wakes);
        Assert.Equal([RequestEvent.Submitted], _notifier.Sent.Select(n => n.Event));
    }

    [Theory]
    [InlineData(2, 2, 8, 100)]
    [InlineData(1, 4, 8, 100)]
    [InlineData(1, 2, 16, 100)]
    [InlineData(1, 2, 8, 200)]
    public async Task Submit_BeyondTheRule_StaysPendingAndIsNotOverQuota(int instances, int cores, int ramGb, int storageGb)
    {
        var request = await SubmitAsync(People.Spec(instances, cores, ramGb, storageGb));

        var stored = _requests.Stored(request.Id);
        Assert.Equal((ClusterRequestStatus.PendingApproval, false), (stored.Status, stored.OverQuota));
    }

    [Fact]
    public async Task Submit_RuleOff_StaysPending()
    {
        _policies.Policy!.Set(false, 2, 8, 1, 100, Actor.System, Now);

        var request = await SubmitAsync(People.Spec());

        Assert.Equal(ClusterRequestStatus.PendingApproval, _requests.Stored(request.Id).Status);
    }

    [Fact]
    public async Task Submit_NoPolicyEverSet_StaysPending()
    {
        _policies.Policy = null;

        var request = await SubmitAsync(People.Spec());

        Assert.Equal(ClusterRequestStatus.PendingApproval, _requests.Stored(request.Id).Status);
    }

    private async Task<ClusterRequest> SubmitAsync(ClusterSpec spec)
    {
        var hook = new SubmissionApprovals(_policies, _policies, _requests, _signal, _notifier, _time, NullLogger<SubmissionApprovals>.Instance);
        var request = ClusterRequest.SubmitCreate(People.Payments.Id, "de-txl", People.ActorOf(People.Rita), spec, Now);
        var autoApprove = await hook.AssessAsync(request, Ct);
        await _requests.AddAsync(request, new PendingSecret(request.Id, "CfDJ8", Now), AuthorizationMatrixTests.Submitted(request), Ct);
        await hook.AfterSubmitAsync(request, People.Payments, autoApprove, "corr", Ct);
        return request;
    }
}
