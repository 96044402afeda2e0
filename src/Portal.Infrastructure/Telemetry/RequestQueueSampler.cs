using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Domain.Requests;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Telemetry;

/// <summary>Requests by status and the executor's queue at <see cref="SampledAt"/>.</summary>
public sealed record RequestQueueSample(
    DateTimeOffset SampledAt,
    IReadOnlyDictionary<ClusterRequestStatus, long> ByStatus,
    long DueCount,
    DateTimeOffset? OldestDueSince);

/// <summary>
/// Samples the requests table for the gauges in <see cref="PortalMetrics"/>: two indexed queries (a count per status,
/// and the claimable requests that are due, as the executor's claim selects them). An observation returns the last
/// sample at once and, when it is older than <see cref="TelemetryOptions.RequestSampleInterval"/>, starts one new
/// sample in the background, so nothing is queried while nobody collects metrics and a collection never blocks.
/// </summary>
public sealed partial class RequestQueueSampler(
    IDbContextFactory<PortalDbContext> contexts,
    TimeProvider time,
    IOptions<TelemetryOptions> options,
    ILogger<RequestQueueSampler> logger) : IDisposable
{
    // Cancels a background sample when the host shuts down (a final metrics export observes the gauges once more).
    private readonly CancellationTokenSource _stopping = new();
    private RequestQueueSample? _latest;
    private int _sampling;

    public RequestQueueSample? Latest => Volatile.Read(ref _latest);

    /// <summary>The last sample (null before the first); refreshes it in the background when it is stale.</summary>
    public RequestQueueSample? Observe()
    {
        var latest = Latest;
        if ((latest is null || time.GetUtcNow() - latest.SampledAt >= options.Value.RequestSampleInterval)
            && !_stopping.IsCancellationRequested
            && Interlocked.CompareExchange(ref _sampling, 1, 0) == 0)
        {
            var stopping = _stopping.Token;
            _ = Task.Run(async () =>
            {
                try
                {
                    await SampleAsync(stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    // Shutting down: no sample needed.
                }
                catch (Exception ex)
                {
                    LogSampleFailed(logger, ex);
                }
                finally
                {
                    Volatile.Write(ref _sampling, 0);
                }
            });
        }

        return latest;
    }

    /// <summary>How long the oldest due request has waited, now (it keeps growing between samples while nobody claims it).</summary>
    public TimeSpan OldestDueAge(RequestQueueSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.OldestDueSince is { } since && time.GetUtcNow() > since ? time.GetUtcNow() - since : TimeSpan.Zero;
    }

    /// <summary>Reads the database now and keeps the result as <see cref="Latest"/>.</summary>
    public async Task<RequestQueueSample> SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var byStatus = await context.ClusterRequests.AsNoTracking()
            .GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(x => x.Status, x => x.Count, cancellationToken);

        // The executor's claim filter (ClusterRequestClaim): claimable status and kind, due, lease free or expired.
        var statuses = ClusterRequestClaim.ClaimableStatuses.ToArray();
        var kinds = ClusterRequestClaim.ClaimableKinds.ToArray();
        var due = context.ClusterRequests.AsNoTracking()
            .Where(r => statuses.Contains(r.Status) && kinds.Contains(r.Kind))
            .Where(r => r.NextAttemptAt == null || r.NextAttemptAt <= now)
            .Where(r => r.LeaseUntil == null || r.LeaseUntil <= now);
        var dueCount = await due.LongCountAsync(cancellationToken);
        var oldest = dueCount == 0
            ? (DateTimeOffset?)null
            : await due.OrderBy(r => r.NextAttemptAt ?? r.UpdatedAt).Select(r => (DateTimeOffset?)(r.NextAttemptAt ?? r.UpdatedAt)).FirstOrDefaultAsync(cancellationToken);

        var sample = new RequestQueueSample(now, byStatus, dueCount, oldest);
        Volatile.Write(ref _latest, sample);
        return sample;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling requests for the metrics failed; the gauges keep the previous sample")]
    private static partial void LogSampleFailed(ILogger logger, Exception exception);
}
