using Microsoft.Extensions.Logging;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Policies;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Execution;
using Portal.Application.Requests.Notifications;

namespace Portal.Application.Requests.Approvals;

/// <summary>
/// What happens around a submit: before the request is stored, it is marked over quota when approving it would exceed
/// its team's quota; after, a create request within quota and within the auto-approval rule is approved by policy
/// (its own audit entry, <see cref="AutoApprovedAction"/>) and the executor is woken; the notifier hears of both.
/// </summary>
public sealed partial class SubmissionApprovals(
    IPolicyStore policies,
    IQuotaUsageQuery usage,
    IRequestDecisionStore decisions,
    IRequestExecutionSignal execution,
    IRequestNotifier notifier,
    TimeProvider time,
    ILogger<SubmissionApprovals> logger)
{
    public const string AutoApprovedAction = "request.auto-approved";
    public const string AutoApprovalComment = "Within the auto-approval rule and the team's quota.";

    /// <summary>Marks the (not yet stored) request over quota when it is; returns whether policy may approve it once stored.</summary>
    public async Task<bool> AssessAsync(ClusterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var quota = await policies.GetQuotaAsync(request.TeamId, cancellationToken);
        var current = await usage.GetUsageAsync(request.TeamId, cancellationToken);
        var check = QuotaCheck.For(current, RequestDecisionService.Footprint(request), QuotaLimits.Of(quota));
        request.MarkOverQuota(check.IsOverQuota);

        var rule = AutoApprovalRule.Of(await policies.GetApprovalPolicyAsync(cancellationToken));
        var spec = request.Spec;
        return request.Kind == ClusterRequestKind.Create && !check.IsOverQuota
            && rule.Allows(spec.Instances, spec.Cores, spec.RamGb, spec.StorageGb);
    }

    /// <summary>After the request was stored: notifies the submit, and approves by policy when <paramref name="autoApprove"/>.</summary>
    public async Task AfterSubmitAsync(ClusterRequest request, TeamOption team, bool autoApprove, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(team);
        await notifier.NotifyAsync(RequestNotifications.For(RequestEvent.Submitted, request, team.Slug, request.CreatedAt), cancellationToken);
        if (!autoApprove)
        {
            return;
        }

        var now = time.GetUtcNow();
        request.Approve(Actor.Policy, AutoApprovalComment, now, autoApproved: true);
        var audit = new AuditEvent(now, Actor.Policy, AutoApprovedAction, "ClusterRequest", request.Id.ToString(), request.TeamId, request.Region,
            correlationId, RequestDecisionService.AuditDetails(request));
        try
        {
            await decisions.UpdateAsync(request, audit, deletePendingSecret: false, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The request is stored and waits for a DBA like any other: the submit itself succeeded.
            LogAutoApprovalFailed(logger, request.Id, ex.GetType().Name);
            return;
        }

        LogAutoApproved(logger, request.Id);
        execution.Wake();
        await notifier.NotifyAsync(RequestNotifications.For(RequestEvent.AutoApproved, request, team.Slug, now), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} approved by policy")]
    private static partial void LogAutoApproved(ILogger logger, Guid requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} could not be approved by policy ({ErrorType}); it waits for a DBA")]
    private static partial void LogAutoApprovalFailed(ILogger logger, Guid requestId, string errorType);
}
