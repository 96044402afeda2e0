using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;

namespace Portal.Application.Tests.Approvals;

/// <summary>Every role × every action, at the service: allowed or refused with a message, and nothing changes on refusal.</summary>
public sealed class AuthorizationMatrixTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly InMemoryRequests _requests = new();
    private readonly InMemoryPolicies _policies = new();
    private readonly CountingSignal _signal = new();
    private readonly RecordingNotifier _notifier = new();
    private readonly FakeTimeProvider _time = new(Now);

    public static TheoryData<string, string, bool> Matrix() => new()
    {
        // role, action, allowed. The request is Rita's (payments); "dba-requester" and "admin-requester" submitted it themselves.
        { "requester", "approve", false }, { "requester", "reject", false }, { "requester", "cancel", true },
        { "requester", "set-quota", false }, { "requester", "set-auto-approval", false },
        { "dba", "approve", true }, { "dba", "reject", true }, { "dba", "cancel", false },
        { "dba", "set-quota", false }, { "dba", "set-auto-approval", false },
        { "admin", "approve", true }, { "admin", "reject", true }, { "admin", "cancel", false },
        { "admin", "set-quota", true }, { "admin", "set-auto-approval", true },
        { "auditor", "approve", false }, { "auditor", "reject", false }, { "auditor", "cancel", false },
        { "auditor", "set-quota", false }, { "auditor", "set-auto-approval", false },
        { "dba-requester", "approve", false }, { "dba-requester", "reject", false }, { "dba-requester", "cancel", true },
        { "dba-requester", "set-quota", false }, { "dba-requester", "set-auto-approval", false },
        { "admin-requester", "approve", false }, { "admin-requester", "reject", false }, { "admin-requester", "cancel", true },
        { "admin-requester", "set-quota", true }, { "admin-requester", "set-auto-approval", true },
        { "other-team-requester", "approve", false }, { "other-team-requester", "reject", false }, { "other-team-requester", "cancel", false },
        { "other-team-requester", "set-quota", false }, { "other-team-requester", "set-auto-approval", false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Action_ByRole_IsAllowedOrRefusedAndRefusalChangesNothing(string role, string action, bool allowed)
    {
        var (actor, submitter) = role switch
        {
            "requester" => (People.Rita, People.Rita),
            "dba" => (People.Dana, People.Rita),
            "admin" => (People.Adam, People.Rita),
            "auditor" => (People.Aude, People.Rita),
            "dba-requester" => (People.DbaRequester, People.DbaRequester),
            "admin-requester" => (People.AdminRequester, People.AdminRequester),
            "other-team-requester" => (People.Ravi, People.Rita),
            _ => throw new ArgumentOutOfRangeException(nameof(role)),
        };
        var request = await SubmitAsync(submitter);
        var auditBefore = _requests.Audit.Count + _policies.Audit.Count;

        var (succeeded, error) = await RunAsync(action, actor, request.Id);

        Assert.Equal(allowed, succeeded);
        if (allowed)
        {
            Assert.Null(error);
            Assert.Equal(auditBefore + 1, _requests.Audit.Count + _policies.Audit.Count);
            return;
        }

        Assert.False(string.IsNullOrWhiteSpace(error));
        var stored = _requests.Stored(request.Id);
        Assert.Equal((ClusterRequestStatus.PendingApproval, null, 0L), (stored.Status, stored.DecidedById, stored.Version));
        Assert.Contains(request.Id, _requests.Secrets);
        Assert.Equal(auditBefore, _requests.Audit.Count + _policies.Audit.Count);
        Assert.Empty(_policies.Quotas);
        Assert.Null(_policies.Policy);
        Assert.Equal(0, _signal.Wakes);
        Assert.Empty(_notifier.Sent);
    }

    [Fact]
    public async Task Approve_OwnRequest_SaysTheFourEyesRule()
    {
        var request = await SubmitAsync(People.DbaRequester);

        var result = await Decisions().ApproveAsync(People.DbaRequester, request.Id, null, TestContext.Current.CancellationToken);

        Assert.Equal(RequestDecisionService.OwnRequest, result.Error);
    }

    [Fact]
    public async Task Cancel_AnotherPersonsRequest_SaysOnlyTheRequesterMay()
    {
        var request = await SubmitAsync(People.Rita);

        var result = await Decisions().CancelAsync(People.Ravi, request.Id, TestContext.Current.CancellationToken);

        Assert.Equal(RequestDecisionService.NotTheRequester, result.Error);
    }

    private async Task<(bool Succeeded, string? Error)> RunAsync(string action, PortalUser actor, Guid requestId)
    {
        var ct = TestContext.Current.CancellationToken;
        switch (action)
        {
            case "approve":
                var approved = await Decisions().ApproveAsync(actor, requestId, "fine", ct);
                return (approved.Succeeded, approved.Error);
            case "reject":
                var rejected = await Decisions().RejectAsync(actor, requestId, "too big", ct);
                return (rejected.Succeeded, rejected.Error);
            case "cancel":
                var cancelled = await Decisions().CancelAsync(actor, requestId, ct);
                return (cancelled.Succeeded, cancelled.Error);
            case "set-quota":
                var quota = await Policies().SetQuotaAsync(actor, People.Payments.Id, new QuotaLimits(3, 12, 48, 500), ct);
                return (quota.Succeeded, quota.Error);
            case "set-auto-approval":
                var rule = await Policies().SetAutoApprovalAsync(actor, new AutoApprovalRule(true, 2, 8, 1, 100), ct);
                return (rule.Succeeded, rule.Error);
            default:
                throw new ArgumentOutOfRangeException(nameof(action));
        }
    }

    private async Task<ClusterRequest> SubmitAsync(PortalUser submitter)
    {
        var request = ClusterRequest.SubmitCreate(People.Payments.Id, "de-txl", People.ActorOf(submitter), People.Spec(), Now.AddHours(-1));
        await _requests.AddAsync(request, new PendingSecret(request.Id, "CfDJ8-cipher", Now), Submitted(request), TestContext.Current.CancellationToken);
        return request;
    }

    internal static AuditEvent Submitted(ClusterRequest request) => new(request.CreatedAt, new(request.RequestedById, request.RequestedByName),
        CreateClusterService.SubmittedAction, "ClusterRequest", request.Id.ToString(), request.TeamId, request.Region, "c", "{}");

    private RequestDecisionService Decisions() => new(_requests, _requests, _policies, _policies, _signal, _notifier,
        Options.Create(new PricingOptions()), _time, NullLogger<RequestDecisionService>.Instance);

    private PolicyService Policies() => new(_policies, _policies, _time, NullLogger<PolicyService>.Instance);
}
