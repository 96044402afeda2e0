using System.Security.Cryptography;
using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Ionos;

namespace Portal.Infrastructure.Execution;

public sealed partial class ClusterRequestExecutor
{
    private const int LookupPageSize = 100;
    private const int LookupMaxPages = 50;

    /// <summary>
    /// One create attempt: fix and store the name (and renew the lease) before anything reaches IONOS; after an earlier
    /// attempt, look the cluster up by that name first; only when it is certainly absent, POST it.
    /// </summary>
    private async Task SubmitAsync(Attempt attempt, IonosPostgresClient client, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var from = request.Status;
        if (!await BeginAttemptAsync(attempt, request.ExecutionClusterName ?? request.Spec.Name, "begin submitting", cancellationToken))
        {
            return;
        }

        var name = request.ExecutionClusterName!;
        if (request.Attempts > 1 || from == ClusterRequestStatus.Submitting)
        {
            IReadOnlyList<ClusterRead> found;
            try
            {
                found = await FindByNameAsync(attempt, client, name, cancellationToken);
            }
            catch (Exception exception) when (IsRetryable(exception, cancellationToken))
            {
                // Unsure whether the cluster exists: never POST on a guess.
                await RetryLaterAsync(attempt, exception, "GET", "/clusters", cancellationToken);
                return;
            }

            if (found.Count == 1)
            {
                ExecutionLog.FoundByName(_logger, request.Id, name, found[0].Id);
                await RecordCreatedAsync(attempt, found[0].Id, "found in IONOS by name after an ambiguous attempt", cancellationToken);
                return;
            }

            if (found.Count > 1)
            {
                ExecutionLog.AmbiguousName(_logger, request.Id, found.Count, name);
                request.FlagNeedsAttention(
                    $"IONOS has {found.Count} clusters named '{name}' ({string.Join(", ", found.Select(c => c.Id))}); the portal cannot tell which one this request created.",
                    Now);
                await FinishAsync(attempt, ClusterRequestStatus.Submitting, "several clusters with the request's name", RequestEvent.NeedsAttention, cancellationToken);
                return;
            }
        }

        var secret = await attempt.Context.PendingSecrets.FirstOrDefaultAsync(s => s.RequestId == request.Id, cancellationToken);
        if (secret is null)
        {
            request.FlagNeedsAttention("The cluster password is no longer stored, so the cluster cannot be created; submit the request again.", Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "pending secret missing", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        string password;
        try
        {
            password = _secrets.Unprotect(secret.Ciphertext);
        }
        catch (CryptographicException)
        {
            request.FlagNeedsAttention(
                "The stored cluster password cannot be decrypted (the Data Protection key ring does not hold its key); submit the request again.",
                Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "pending secret unreadable", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        var body = ClusterPayloadMapper.ToCreateRequest(request.Spec with { Name = name }, password);
        ClusterRead created;
        try
        {
            created = await CallAsync(attempt, HttpMethod.Post, "/clusters", 201, ct => client.CreateClusterAsync(body, ct), cancellationToken);
        }
        catch (IonosApiException exception) when (exception.IsValidation)
        {
            attempt.Context.PendingSecrets.Remove(secret);
            request.Fail(RefusalMessage(exception), Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "IONOS refused the request", RequestEvent.Failed, cancellationToken);
            return;
        }
        catch (Exception exception) when (IsRetryable(exception, cancellationToken))
        {
            await RetryLaterAsync(attempt, exception, "POST", "/clusters", cancellationToken);
            return;
        }
        catch (IonosApiException exception)
        {
            // An answer, so nothing was created, but not one the portal knows how to act on (404, 409, 415, ...).
            request.FlagNeedsAttention($"IONOS answered the create unexpectedly: {exception.Message}", Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "unexpected answer to the create", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        ExecutionLog.Posted(_logger, request.Id, name, created.Id);
        await RecordCreatedAsync(attempt, created.Id, "created in IONOS", cancellationToken, secret);
    }

    /// <summary>The cluster exists in IONOS: follow it from now on, and purge the password in the same transaction.</summary>
    private async Task RecordCreatedAsync(Attempt attempt, string clusterId, string reason, CancellationToken cancellationToken, PendingSecret? secret = null)
    {
        var request = attempt.Request;
        secret ??= await attempt.Context.PendingSecrets.FirstOrDefaultAsync(s => s.RequestId == request.Id, cancellationToken);
        if (secret is not null)
        {
            attempt.Context.PendingSecrets.Remove(secret);
        }

        var now = Now;
        request.MarkProvisioning(clusterId, now);
        request.ScheduleNextAttempt(now + _options.PollInterval, now);
        request.ReleaseLease(now);
        await FinishAsync(attempt, ClusterRequestStatus.Submitting, reason, notify: null, cancellationToken);
    }

    /// <summary>
    /// Records a failed attempt for a later retry: after Retry-After (at least) for 429, otherwise after the exponential
    /// backoff. An ambiguous outcome needs nothing else: every later attempt looks the cluster up by name first.
    /// </summary>
    private async Task RetryLaterAsync(Attempt attempt, Exception exception, string method, string path, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var now = Now;
        var delay = _options.RetryDelay(request.Attempts);
        if (exception is IonosApiException { RetryAfter: { } retryAfter })
        {
            delay = retryAfter > _options.RetryBaseDelay ? retryAfter : _options.RetryBaseDelay;
        }

        var next = now + delay;
        var ambiguous = IsAmbiguous(exception, cancellationToken);
        var error = ambiguous
            ? request.Kind == ClusterRequestKind.Update
                ? $"No clear answer from IONOS ({Describe(exception)}); the cluster is read again before anything is sent again."
                : $"No clear answer from IONOS ({Describe(exception)}); the cluster is looked up by its name before anything is sent again."
            : Describe(exception);
        request.RecordRetryableFailure(error, now, next);
        request.ReleaseLease(now);
        if (!await SaveAsync(attempt, "retry later", cancellationToken))
        {
            return;
        }

        if (ambiguous)
        {
            ExecutionLog.AmbiguousOutcome(_logger, request.Id, method, path, StatusOf(exception), next);
        }
        else
        {
            ExecutionLog.RetryLater(_logger, request.Id, method, path, StatusOf(exception), next);
        }
    }

    /// <summary>Every cluster whose name is exactly <paramref name="name"/> (case-insensitive); <c>filter.name</c> matches substrings.</summary>
    private async Task<IReadOnlyList<ClusterRead>> FindByNameAsync(Attempt attempt, IonosPostgresClient client, string name, CancellationToken cancellationToken)
    {
        var matches = new List<ClusterRead>();
        for (var page = 0; page < LookupMaxPages; page++)
        {
            var query = new ClusterListQuery { Name = name, Offset = page * LookupPageSize, Limit = LookupPageSize };
            var path = $"/clusters?filter.name={Uri.EscapeDataString(name)}&offset={query.Offset}&limit={LookupPageSize}";
            var list = await CallAsync(attempt, HttpMethod.Get, path, 200, ct => client.ListClustersAsync(query, ct), cancellationToken);
            var items = list.Items ?? [];
            matches.AddRange(items.Where(c => string.Equals(c.Properties?.Name, name, StringComparison.OrdinalIgnoreCase)));

            // The real API has been seen to keep a next link past the end: a short page is the end.
            if (items.Count < LookupPageSize)
            {
                break;
            }
        }

        return matches;
    }

    /// <summary>IONOS's own messages, readable for the requester: "IONOS refused the request: [code] message; ...".</summary>
    public static string RefusalMessage(IonosApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var messages = exception.Messages
            .Where(m => !string.IsNullOrWhiteSpace(m.Message))
            .Select(m => string.IsNullOrWhiteSpace(m.ErrorCode) ? m.Message!.Trim() : $"[{m.ErrorCode}] {m.Message!.Trim()}")
            .ToList();
        return messages.Count == 0
            ? $"IONOS refused the request: HTTP {(int)exception.StatusCode} without a message."
            : $"IONOS refused the request: {string.Join("; ", messages)}";
    }
}
