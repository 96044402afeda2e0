using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Policies;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Execution;
using Portal.Application.Requests.Notifications;

namespace Portal.Application.Requests.Approvals;

/// <summary>
/// The DBA's queue and the decisions on it: approve, reject, and the requester's cancel. Every rule is checked here, on
/// the server, whatever the page shows: only a DBA or an Admin decides, nobody decides their own request, a request is
/// decided once (of two simultaneous decisions exactly one is saved, through the request's concurrency token), and only
/// the requester cancels, while the request is pending. Each decision is stored with its audit entry in one transaction;
/// a reject or cancel deletes the pending secret in it too. A refusal changes nothing and says why.
/// </summary>
public sealed partial class RequestDecisionService(
    IClusterRequestStore requests,
    IRequestDecisionStore decisions,
    IPolicyStore policies,
    IQuotaUsageQuery usage,
    IRequestExecutionSignal execution,
    IRequestNotifier notifier,
    IOptions<PricingOptions> pricing,
    TimeProvider time,
    ILogger<RequestDecisionService> logger,
    AccessDenials? denials = null)
{
    public const string ApprovedAction = "request.approved";
    public const string RejectedAction = "request.rejected";
    public const string CancelledAction = "request.cancelled";
    public const int CommentMaxLength = 2000;
    public const int QueueLimit = 500;

    public const string NotAnApprover = "Only a DBA or an Admin can approve or reject requests.";
    public const string NotFound = "There is no such request.";
    public const string CommentRequired = "Say why the request is rejected: the requester reads the comment.";
    public const string OwnRequest = "You submitted this request, so someone else must decide it (four-eyes rule).";
    public const string NotTheRequester = "Only the person who submitted a request can cancel it.";

    public static bool IsApprover(PortalUser user) =>
        user is not null && (user.IsInRole(PortalRoles.Dba) || user.IsInRole(PortalRoles.Admin));

    /// <summary>Pending requests oldest first, with what a DBA needs to decide; empty for anyone but a DBA or an Admin.</summary>
    public async Task<IReadOnlyList<PendingRequestView>> GetQueueAsync(PortalUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IsApprover(user))
        {
            return [];
        }

        var pending = await decisions.ListPendingAsync(QueueLimit, cancellationToken);
        var teams = (await policies.ListTeamsAsync(cancellationToken)).ToDictionary(t => t.Team.Id);
        var usageByTeam = new Dictionary<Guid, QuotaUsage>();
        var now = time.GetUtcNow();
        var views = new List<PendingRequestView>(pending.Count);
        foreach (var request in pending)
        {
            if (!usageByTeam.TryGetValue(request.TeamId, out var current))
            {
                current = await usage.GetUsageAsync(request.TeamId, cancellationToken);
                usageByTeam[request.TeamId] = current;
            }

            teams.TryGetValue(request.TeamId, out var team);
            var quota = QuotaCheck.For(current, Footprint(request), QuotaLimits.Of(team?.Quota));
            var spec = request.Spec;
            views.Add(new PendingRequestView(
                request,
                team?.Team.DisplayName ?? $"Team {request.TeamId.ToString()[..8]}",
                now - request.CreatedAt,
                CostEstimate.For(spec.Instances, spec.Cores, spec.RamGb, spec.StorageGb, pricing.Value),
                quota,
                request.OverQuota || quota.IsOverQuota,
                request.IsRequestedBy(user.Id) ? OwnRequest : null));
        }

        return views;
    }

    public async Task<DecisionResult> ApproveAsync(PortalUser user, Guid requestId, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IsApprover(user))
        {
            await DeniedAsync(user, "RequestDecision.Approve", requestId, await requests.GetAsync(requestId, cancellationToken), ApproverRoles, cancellationToken);
            return DecisionResult.Refused(NotAnApprover);
        }

        if (comment?.Trim().Length > CommentMaxLength)
        {
            return DecisionResult.Refused($"The comment is too long: at most {CommentMaxLength} characters.");
        }

        var request = await requests.GetAsync(requestId, cancellationToken);
        if (Refusal(request, user, "approved") is { } refusal)
        {
            await FourEyesDeniedAsync(user, "RequestDecision.Approve", request, cancellationToken);
            return refusal;
        }

        var actor = new Actor(user.Id, user.DisplayName);
        request!.Approve(actor, comment, time.GetUtcNow());
        var result = await SaveAsync(request, actor, ApprovedAction, deletePendingSecret: false, cancellationToken);
        if (result.Succeeded)
        {
            execution.Wake();
            await NotifyAsync(RequestEvent.Approved, request, cancellationToken);
        }

        return result;
    }

    public async Task<DecisionResult> RejectAsync(PortalUser user, Guid requestId, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IsApprover(user))
        {
            await DeniedAsync(user, "RequestDecision.Reject", requestId, await requests.GetAsync(requestId, cancellationToken), ApproverRoles, cancellationToken);
            return DecisionResult.Refused(NotAnApprover);
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            return DecisionResult.Refused(CommentRequired);
        }

        if (comment.Trim().Length > CommentMaxLength)
        {
            return DecisionResult.Refused($"The comment is too long: at most {CommentMaxLength} characters.");
        }

        var request = await requests.GetAsync(requestId, cancellationToken);
        if (Refusal(request, user, "rejected") is { } refusal)
        {
            await FourEyesDeniedAsync(user, "RequestDecision.Reject", request, cancellationToken);
            return refusal;
        }

        var actor = new Actor(user.Id, user.DisplayName);
        request!.Reject(actor, comment, time.GetUtcNow());
        var result = await SaveAsync(request, actor, RejectedAction, deletePendingSecret: true, cancellationToken);
        if (result.Succeeded)
        {
            await NotifyAsync(RequestEvent.Rejected, request, cancellationToken);
        }

        return result;
    }

    /// <summary>The requester withdraws their own request while it waits for a decision.</summary>
    public async Task<DecisionResult> CancelAsync(PortalUser user, Guid requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var request = await requests.GetAsync(requestId, cancellationToken);
        if (request is null)
        {
            return DecisionResult.Refused(NotFound);
        }

        if (!request.IsRequestedBy(user.Id))
        {
            await DeniedAsync(user, "RequestDecision.Cancel", requestId, request, "being the requester (only they can cancel)", cancellationToken);
            return DecisionResult.Refused(NotTheRequester);
        }

        if (request.Status != ClusterRequestStatus.PendingApproval)
        {
            return DecisionResult.Refused(AlreadyDecided(request, "cancelled"));
        }

        var actor = new Actor(user.Id, user.DisplayName);
        request.Cancel(actor, time.GetUtcNow());
        var result = await SaveAsync(request, actor, CancelledAction, deletePendingSecret: true, cancellationToken);
        if (result.Succeeded)
        {
            await NotifyAsync(RequestEvent.Cancelled, request, cancellationToken);
        }

        return result;
    }

    /// <summary>A request's footprint against its team's quota: a new cluster for create and restore, nothing else for now.</summary>
    public static QuotaUsage Footprint(ClusterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var spec = request.Spec;
        var size = QuotaUsage.OfCluster(spec.Instances, spec.Cores, spec.RamGb, spec.StorageGb);
        return request switch
        {
            { Kind: ClusterRequestKind.Create or ClusterRequestKind.Restore } => size,

            // A change counts with what it adds (or frees) relative to the cluster when it was requested.
            { Kind: ClusterRequestKind.Update, Baseline: { } before } =>
                size.GrowthFrom(QuotaUsage.OfCluster(before.Instances, before.Cores, before.RamGb, before.StorageGb)),

            // A delete frees the cluster (its spec is the cluster as it was when the delete was requested).
            { Kind: ClusterRequestKind.Delete } => size.Negated(),
            _ => QuotaUsage.Zero,
        };
    }

    private static DecisionResult? Refusal(ClusterRequest? request, PortalUser user, string verb)
    {
        if (request is null)
        {
            return DecisionResult.Refused(NotFound);
        }

        if (request.IsRequestedBy(user.Id))
        {
            return DecisionResult.Refused(OwnRequest);
        }

        return request.Status == ClusterRequestStatus.PendingApproval ? null : DecisionResult.Refused(AlreadyDecided(request, verb));
    }

    private const string ApproverRoles = $"role {PortalRoles.Dba} or {PortalRoles.Admin}";

    /// <summary>Records a refusal for who the person is (not for the request's state, nor a request that does not exist).</summary>
    private Task DeniedAsync(PortalUser user, string operation, Guid requestId, ClusterRequest? request, string missing, CancellationToken cancellationToken) =>
        denials?.RecordAsync(user, operation, "ClusterRequest", requestId.ToString(), request?.TeamId, request?.Region, missing, cancellationToken)
        ?? Task.CompletedTask;

    /// <summary>The four-eyes rule refused the decision: recorded; "already decided" or "no such request" is not a denial.</summary>
    private Task FourEyesDeniedAsync(PortalUser user, string operation, ClusterRequest? request, CancellationToken cancellationToken) =>
        request is not null && request.IsRequestedBy(user.Id)
            ? DeniedAsync(user, operation, request.Id, request, "four-eyes: someone other than the requester must decide", cancellationToken)
            : Task.CompletedTask;

    private static string AlreadyDecided(ClusterRequest request, string verb) => request.Status switch
    {
        ClusterRequestStatus.Cancelled => $"This request was cancelled by {request.DecidedByName}, so it cannot be {verb}.",
        ClusterRequestStatus.Rejected => $"This request was rejected by {request.DecidedByName}, so it cannot be {verb}.",
        ClusterRequestStatus.Expired => $"This request expired without a decision, so it cannot be {verb}; the requester can submit it again.",
        _ when request.AutoApproved => $"This request was already approved by policy, so it cannot be {verb}.",
        _ => $"This request was already decided by {request.DecidedByName}, so it cannot be {verb}.",
    };

    private async Task<DecisionResult> SaveAsync(ClusterRequest request, Actor actor, string action, bool deletePendingSecret, CancellationToken cancellationToken)
    {
        var audit = new AuditEvent(request.DecidedAt ?? time.GetUtcNow(), actor, action, "ClusterRequest", request.Id.ToString(),
            request.TeamId, request.Region, CorrelationId(), AuditDetails(request));
        try
        {
            await decisions.UpdateAsync(request, audit, deletePendingSecret, cancellationToken);
        }
        catch (RequestChangedConcurrentlyException)
        {
            // Someone decided it between our read and our write: say who, from a fresh read.
            var current = await requests.GetAsync(request.Id, cancellationToken);
            LogConflict(logger, request.Id, action);
            return DecisionResult.Refused(current?.DecidedByName is { } winner
                ? $"This request was already decided by {winner} a moment ago ({StatusLabelOf(current)})."
                : "This request was changed by someone else a moment ago. Reload and try again.");
        }

        LogDecided(logger, request.Id, action, actor.Id);
        return DecisionResult.Done(request.Status);
    }

    private static string StatusLabelOf(ClusterRequest request) => request.Status switch
    {
        ClusterRequestStatus.Cancelled => "cancelled",
        ClusterRequestStatus.Rejected => "rejected",
        ClusterRequestStatus.Expired => "expired",
        _ => "approved",
    };

    private async Task NotifyAsync(RequestEvent what, ClusterRequest request, CancellationToken cancellationToken)
    {
        var teams = await policies.ListTeamsAsync(cancellationToken);
        var slug = teams.FirstOrDefault(t => t.Team.Id == request.TeamId)?.Team.Slug ?? request.TeamId.ToString();
        await notifier.NotifyAsync(RequestNotifications.For(what, request, slug, time.GetUtcNow()), cancellationToken);
    }

    internal static string AuditDetails(ClusterRequest request) => JsonSerializer.Serialize(new
    {
        kind = request.Kind.ToString(),
        name = request.ClusterName,
        status = request.Status.ToString(),
        comment = request.DecisionComment,
        autoApproved = request.AutoApproved,
        overQuota = request.OverQuota,
    });

    private static string CorrelationId() => Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: {Action} by {UserId}")]
    private static partial void LogDecided(ILogger logger, Guid requestId, string action, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: {Action} lost a race with another decision")]
    private static partial void LogConflict(ILogger logger, Guid requestId, string action);
}

/// <summary>The outcome of a decision: done (with the request's new status), or refused with a message to show.</summary>
public sealed record DecisionResult(bool Succeeded, string? Error, ClusterRequestStatus? Status)
{
    public static DecisionResult Done(ClusterRequestStatus status) => new(true, null, status);

    public static DecisionResult Refused(string message) => new(false, message, null);
}

/// <summary>A pending request as the approval queue shows it; <see cref="NotDecidableBecause"/> says why this person cannot decide it (their own request), or is null.</summary>
public sealed record PendingRequestView(
    ClusterRequest Request,
    string TeamName,
    TimeSpan Age,
    CostEstimate Cost,
    QuotaCheck Quota,
    bool OverQuota,
    string? NotDecidableBecause)
{
    public bool CanDecide => NotDecidableBecause is null;
}
