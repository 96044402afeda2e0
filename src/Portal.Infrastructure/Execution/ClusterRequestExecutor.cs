using System.Net;
using System.Text.Json;
using Ionos.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Execution;

/// <summary>
/// Executes approved Create and Restore requests against IONOS exactly once: claims due requests
/// (<see cref="ClusterRequestClaim"/>), posts each cluster under a name fixed and stored beforehand, looks it up by that
/// name after any ambiguous outcome instead of posting again, and follows it until it is ready, failed for good, or
/// overdue. Every step is saved with the request's concurrency token and audited in the same transaction.
/// </summary>
/// <remarks>One executor per process (its lease owner is <see cref="RequestExecutionOptions.InstanceName"/>); every request gets its own DbContext.</remarks>
public sealed partial class ClusterRequestExecutor
{
    private readonly IDbContextFactory<PortalDbContext> _contexts;
    private readonly IIonosPostgresClientFactory _ionos;
    private readonly ISecretProtector _secrets;
    private readonly IRequestNotifier _notifier;
    private readonly RequestExecutionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ClusterRequestClaim _claim;

    public ClusterRequestExecutor(
        IDbContextFactory<PortalDbContext> contexts,
        IIonosPostgresClientFactory ionos,
        ISecretProtector secrets,
        IRequestNotifier notifier,
        IOptions<RequestExecutionOptions> options,
        TimeProvider timeProvider,
        ILogger<ClusterRequestExecutor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _contexts = contexts ?? throw new ArgumentNullException(nameof(contexts));
        _ionos = ionos ?? throw new ArgumentNullException(nameof(ionos));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _options = options.Value;
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _claim = new ClusterRequestClaim(contexts);
    }

    public string InstanceName => _options.InstanceName;

    /// <summary>Claims the due requests and takes each one step further; the number claimed (a full batch means more may be due).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var ids = await _claim.ClaimAsync(_options.InstanceName, now, now + _options.LeaseDuration, _options.BatchSize, cancellationToken);
        if (ids.Count > 0)
        {
            ExecutionLog.Claimed(_logger, ids.Count, _options.InstanceName);
        }

        foreach (var id in ids)
        {
            try
            {
                await ExecuteAsync(id, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The lease stays until it expires; the next attempt starts by looking the cluster up by name.
                ExecutionLog.RequestFailedUnexpectedly(_logger, id, exception);
            }
        }

        return ids.Count;
    }

    private async Task ExecuteAsync(Guid requestId, CancellationToken cancellationToken)
    {
        await using var context = await _contexts.CreateDbContextAsync(cancellationToken);
        var request = await context.ClusterRequests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null || request.LeaseOwner != _options.InstanceName || !request.Status.IsInExecution())
        {
            return;
        }

        var attempt = new Attempt(context, request, Guid.NewGuid().ToString("N"));
        IonosPostgresClient client;
        try
        {
            client = _ionos.GetClient(request.Region);
        }
        catch (ArgumentException exception)
        {
            var from = request.Status;
            request.FlagNeedsAttention($"The request's region is not configured in the portal: {exception.Message}", Now);
            await FinishAsync(attempt, from, "region not configured", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        switch (request.Kind)
        {
            case ClusterRequestKind.Update:
                await ExecuteUpdateAsync(attempt, client, cancellationToken);
                break;
            case ClusterRequestKind.Delete:
                await ExecuteDeleteAsync(attempt, client, cancellationToken);
                break;
            case ClusterRequestKind.Create or ClusterRequestKind.Restore when request.Status == ClusterRequestStatus.Provisioning:
                await FollowAsync(attempt, client, cancellationToken);
                break;
            default:
                await SubmitAsync(attempt, client, cancellationToken);
                break;
        }
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    // ---- saving ----

    /// <summary>
    /// Saves the request's changes with the pending audit entries in one transaction (the entries chained
    /// together under one lock and saved with the change); false when someone else changed the request meanwhile (concurrency token), which is logged.
    /// </summary>
    private async Task<bool> SaveAsync(Attempt attempt, string step, CancellationToken cancellationToken)
    {
        var context = attempt.Context;
        try
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            await AuditTrail.AppendRangeAsync(context, attempt.Audits, cancellationToken);
            await context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            attempt.Audits.Clear();
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            ExecutionLog.ConcurrentChange(_logger, attempt.Request.Id, step);
            return false;
        }
    }

    /// <summary>
    /// Starts an attempt before anything reaches IONOS: the request becomes Submitting (its execution name fixed once),
    /// counts the attempt and renews its lease, saved with the audited state change; false when another save won.
    /// </summary>
    private async Task<bool> BeginAttemptAsync(Attempt attempt, string executionName, string step, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var from = request.Status;
        var now = Now;
        request.BeginSubmitting(executionName, now);
        request.TryAcquireLease(_options.InstanceName, now, now + _options.LeaseDuration);
        if (from != request.Status)
        {
            attempt.Audits.Add(ExecutionAudit.StateChanged(request, from, $"attempt {request.Attempts}", now, attempt.CorrelationId));
        }

        if (!await SaveAsync(attempt, step, cancellationToken))
        {
            return false;
        }

        if (from != request.Status)
        {
            ExecutionLog.StateChanged(_logger, request.Id, from, request.Status);
        }

        return true;
    }

    /// <summary>Saves a change of status (audited with its reason), then tells the notifier when the change is one it reports.</summary>
    private async Task FinishAsync(Attempt attempt, ClusterRequestStatus from, string? reason, RequestEvent? notify, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        if (request.Status != from)
        {
            attempt.Audits.Add(ExecutionAudit.StateChanged(request, from, reason, Now, attempt.CorrelationId));
        }

        if (!await SaveAsync(attempt, $"{from} -> {request.Status}", cancellationToken))
        {
            return;
        }

        if (request.Status != from)
        {
            ExecutionLog.StateChanged(_logger, request.Id, from, request.Status);
        }

        if (notify is { } @event)
        {
            await NotifyAsync(attempt, @event, cancellationToken);
        }
    }

    private async Task NotifyAsync(Attempt attempt, RequestEvent @event, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        try
        {
            var teamSlug = await attempt.Context.Teams.AsNoTracking()
                .Where(t => t.Id == request.TeamId)
                .Select(t => t.Slug)
                .FirstOrDefaultAsync(cancellationToken) ?? "";
            await _notifier.NotifyAsync(
                new RequestNotification(
                    @event,
                    request.Id,
                    request.Kind,
                    request.Status,
                    request.ExecutionClusterName ?? request.ClusterName,
                    request.Region,
                    teamSlug,
                    request.RequestedByName,
                    ActorName: null,
                    Comment: null,
                    request.DnsName,
                    request.LastError,
                    request.UpdatedAt),
                cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The change is stored; a lost notification must not undo or repeat it.
            ExecutionLog.NotifyFailed(_logger, @event.ToString(), request.Id, exception);
        }
    }

    // ---- IONOS calls ----

    /// <summary>Runs one IONOS call and records it for the audit (status 0 when no answer came back).</summary>
    private async Task<T> CallAsync<T>(Attempt attempt, HttpMethod method, string path, int successStatus, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var status = 0;
        try
        {
            var result = await call(cancellationToken);
            status = successStatus;
            return result;
        }
        catch (IonosApiException exception)
        {
            status = (int)exception.StatusCode;
            throw;
        }
        finally
        {
            var duration = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            attempt.Audits.Add(ExecutionAudit.IonosCall(attempt.Request, method.Method, path, status, duration, Now, attempt.CorrelationId));
        }
    }

    /// <summary>No usable answer: the call may or may not have taken effect in IONOS.</summary>
    private static bool IsAmbiguous(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        IonosApiException api => (int)api.StatusCode >= 500 || api.StatusCode == HttpStatusCode.RequestTimeout,
        TimeoutException or HttpRequestException or JsonException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Worth another try later: no answer, or an answer that says "not now" (429, 401/403 until the token is fixed).</summary>
    private static bool IsRetryable(Exception exception, CancellationToken cancellationToken) =>
        IsAmbiguous(exception, cancellationToken)
        || exception is IonosApiException { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden };

    private static string Describe(Exception exception) => exception switch
    {
        IonosApiException api => api.Message,
        TimeoutException => "IONOS did not answer in time.",
        OperationCanceledException => "IONOS did not answer in time.",
        HttpRequestException http => $"The connection to IONOS failed: {http.Message}",
        JsonException => "IONOS answered with a body the portal could not read.",
        _ => exception.Message,
    };

    private static int StatusOf(Exception exception) => exception is IonosApiException api ? (int)api.StatusCode : 0;

    /// <summary>Per request and attempt: its context, the tracked request, the correlation id and the audit entries not yet saved.</summary>
    private sealed class Attempt(PortalDbContext context, ClusterRequest request, string correlationId)
    {
        public PortalDbContext Context { get; } = context;

        public ClusterRequest Request { get; } = request;

        public string CorrelationId { get; } = correlationId;

        public List<AuditEvent> Audits { get; } = [];
    }
}
