using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Notifications;

namespace Portal.Application.Requests.Expiry;

/// <summary>
/// Ends requests that waited for a decision longer than <see cref="RequestExpiryOptions.PendingApprovalExpiry"/>: status
/// Expired with the reason as the decision comment, the pending secret deleted and <see cref="ExpiredAction"/> appended in
/// the same transaction, then the requester notified like after any other decision. Safe with several replicas: each
/// save checks the request's concurrency token, so of two sweepers (or a sweeper and a DBA) exactly one writes, and the
/// loser's audit entry rolls back with it.
/// </summary>
public sealed partial class PendingRequestExpiry(
    IRequestDecisionStore decisions,
    IPolicyStore policies,
    IRequestNotifier notifier,
    IOptions<RequestExpiryOptions> options,
    TimeProvider time,
    ILogger<PendingRequestExpiry> logger)
{
    public const string ExpiredAction = "request.expired";

    /// <summary>How many pending requests one read takes; a full batch of due requests is followed by another read.</summary>
    public const int BatchSize = 200;

    /// <summary>The decision comment of an expired request: why it ended, and what to do now.</summary>
    public static string Reason(TimeSpan expiry) =>
        $"No DBA decided within {Describe(expiry)}, so the request expired. Submit it again if you still need it.";

    /// <summary>Expires every due request; returns how many this call expired (those another replica took are not counted).</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var expiry = options.Value.PendingApprovalExpiry;
        var expired = 0;
        while (true)
        {
            // Oldest first: the due requests are a prefix of the queue.
            var pending = await decisions.ListPendingAsync(BatchSize, cancellationToken);
            var cutoff = time.GetUtcNow() - expiry;
            var due = pending.TakeWhile(r => r.CreatedAt <= cutoff).ToList();
            var expiredThisRound = 0;
            foreach (var request in due)
            {
                if (await TryExpireAsync(request, expiry, cancellationToken))
                {
                    expiredThisRound++;
                }
            }

            expired += expiredThisRound;
            // Another round only when the whole batch was due and this call made progress (never spin on requests it cannot change).
            if (due.Count < BatchSize || expiredThisRound == 0)
            {
                return expired;
            }
        }
    }

    private async Task<bool> TryExpireAsync(ClusterRequest request, TimeSpan expiry, CancellationToken cancellationToken)
    {
        request.Expire(Reason(expiry), time.GetUtcNow());
        var audit = new AuditEvent(request.DecidedAt!.Value, Actor.System, ExpiredAction, "ClusterRequest", request.Id.ToString(),
            request.TeamId, request.Region, $"expiry-{request.Id:N}", RequestDecisionService.AuditDetails(request));
        try
        {
            await decisions.UpdateAsync(request, audit, deletePendingSecret: true, cancellationToken);
        }
        catch (RequestChangedConcurrentlyException)
        {
            // A DBA decided it, the requester cancelled it, or another replica expired it first: theirs stands.
            LogLostRace(logger, request.Id);
            return false;
        }

        LogExpired(logger, request.Id, expiry);
        var teams = await policies.ListTeamsAsync(cancellationToken);
        var slug = teams.FirstOrDefault(t => t.Team.Id == request.TeamId)?.Team.Slug ?? request.TeamId.ToString();
        await notifier.NotifyAsync(RequestNotifications.For(RequestEvent.Expired, request, slug, request.DecidedAt!.Value), cancellationToken);
        return true;
    }

    private static string Describe(TimeSpan expiry)
    {
        if (expiry.Ticks % TimeSpan.TicksPerDay == 0)
        {
            var days = (int)expiry.TotalDays;
            return days == 1 ? "1 day" : $"{days.ToString(CultureInfo.InvariantCulture)} days";
        }

        return expiry.Ticks % TimeSpan.TicksPerHour == 0
            ? $"{((int)expiry.TotalHours).ToString(CultureInfo.InvariantCulture)} hours"
            : expiry.ToString("c", CultureInfo.InvariantCulture);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} expired after waiting {Expiry} for a decision")]
    private static partial void LogExpired(ILogger logger, Guid requestId, TimeSpan expiry);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request {RequestId} was decided or expired elsewhere before this replica could expire it")]
    private static partial void LogLostRace(ILogger logger, Guid requestId);
}
