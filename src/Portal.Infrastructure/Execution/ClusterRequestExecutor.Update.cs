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
    /// <summary>
    /// One update attempt: GET the cluster; when the fields this request changes were changed elsewhere since it was
    /// requested, park it for a human with the difference; when IONOS already has the desired values (an earlier PUT
    /// whose answer was lost), just follow the cluster; otherwise merge the changed fields over what IONOS returned and
    /// PUT the full object with the credentials. 409/429/5xx: try again later, starting with a GET again.
    /// </summary>
    private async Task ExecuteUpdateAsync(Attempt attempt, IonosPostgresClient client, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        if (request.Status == ClusterRequestStatus.Provisioning)
        {
            await FollowAsync(attempt, client, cancellationToken, cluster => IsApplied(request, cluster));
            return;
        }

        var from = request.Status;
        if (!await BeginAttemptAsync(attempt, request.ExecutionClusterName ?? request.ClusterName, "begin updating", cancellationToken))
        {
            return;
        }

        var clusterId = request.TargetClusterId!;
        var path = $"/clusters/{clusterId}";
        ClusterRead cluster;
        try
        {
            cluster = await CallAsync(attempt, HttpMethod.Get, path, 200, ct => client.GetClusterAsync(clusterId, ct), cancellationToken);
        }
        catch (IonosApiException exception) when (exception.IsNotFound)
        {
            await PurgeSecretAsync(attempt, cancellationToken);
            request.Fail($"The cluster {clusterId} no longer exists in IONOS ({request.Region}); nothing was changed.", Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "cluster not found", RequestEvent.Failed, cancellationToken);
            return;
        }
        catch (Exception exception) when (IsRetryable(exception, cancellationToken))
        {
            await RetryLaterAsync(attempt, exception, "GET", path, cancellationToken);
            return;
        }
        catch (IonosApiException exception)
        {
            await PurgeSecretAsync(attempt, cancellationToken);
            request.FlagNeedsAttention($"IONOS answered the read of the cluster unexpectedly: {exception.Message}", Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "unexpected answer to the read", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        if (IsApplied(request, cluster))
        {
            await RecordUpdateSentAsync(attempt, "IONOS already has the requested values", cancellationToken);
            return;
        }

        var conflicts = Conflicts(request, cluster);
        if (conflicts.Count > 0)
        {
            await PurgeSecretAsync(attempt, cancellationToken);
            request.FlagNeedsAttention(
                "The cluster was changed elsewhere since this change was requested, so it was not sent: "
                + string.Join("; ", conflicts)
                + ". Review the cluster and request the change again.",
                Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "changed elsewhere since approval", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        var secret = await attempt.Context.PendingSecrets.FirstOrDefaultAsync(s => s.RequestId == request.Id, cancellationToken);
        string password;
        try
        {
            password = secret is null ? "" : _secrets.Unprotect(secret.Ciphertext);
        }
        catch (CryptographicException)
        {
            password = "";
        }

        if (password.Length == 0)
        {
            request.FlagNeedsAttention(
                "The re-entered cluster password is no longer stored or cannot be decrypted, and IONOS needs it with every change; request the change again.",
                Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "pending secret missing or unreadable", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        var fields = request.Changes().Select(c => c.Field).ToList();
        var body = ClusterPayloadMapper.ToEnsureRequest(clusterId, cluster.Properties!, request.Spec, fields, password);
        try
        {
            await CallAsync(attempt, HttpMethod.Put, path, 200, ct => client.EnsureClusterAsync(clusterId, body, ct), cancellationToken);
        }
        catch (IonosApiException exception) when (exception.IsValidation)
        {
            attempt.Context.PendingSecrets.Remove(secret!);
            request.Fail(RefusalMessage(exception), Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "IONOS refused the change", RequestEvent.Failed, cancellationToken);
            return;
        }
        catch (Exception exception) when (exception is IonosApiException { IsConflict: true } || IsRetryable(exception, cancellationToken))
        {
            // 409: the cluster is busy (not AVAILABLE). Either way the next attempt reads the cluster before sending anything.
            await RetryLaterAsync(attempt, exception, "PUT", path, cancellationToken);
            return;
        }
        catch (IonosApiException exception)
        {
            attempt.Context.PendingSecrets.Remove(secret!);
            request.FlagNeedsAttention($"IONOS answered the change unexpectedly: {exception.Message}", Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "unexpected answer to the change", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        ExecutionLog.UpdateSent(_logger, request.Id, clusterId);
        await RecordUpdateSentAsync(attempt, "change sent to IONOS", cancellationToken, secret);
    }

    /// <summary>IONOS has the change: follow the cluster until it is ready, and purge the password in the same transaction.</summary>
    private async Task RecordUpdateSentAsync(Attempt attempt, string reason, CancellationToken cancellationToken, PendingSecret? secret = null)
    {
        var request = attempt.Request;
        if (secret is not null)
        {
            attempt.Context.PendingSecrets.Remove(secret);
        }
        else
        {
            await PurgeSecretAsync(attempt, cancellationToken);
        }

        var now = Now;
        request.MarkProvisioning(request.TargetClusterId!, now);
        request.ScheduleNextAttempt(now + _options.PollInterval, now);
        request.ReleaseLease(now);
        await FinishAsync(attempt, ClusterRequestStatus.Submitting, reason, notify: null, cancellationToken);
    }

    private static async Task PurgeSecretAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        var secret = await attempt.Context.PendingSecrets.FirstOrDefaultAsync(s => s.RequestId == attempt.Request.Id, cancellationToken);
        if (secret is not null)
        {
            attempt.Context.PendingSecrets.Remove(secret);
        }
    }

    /// <summary>Every field the request changes already has its desired value in IONOS.</summary>
    private static bool IsApplied(ClusterRequest request, ClusterRead cluster)
    {
        if (cluster.Properties is null)
        {
            return false;
        }

        var live = ClusterPayloadMapper.FromRead(cluster.Properties, request.Spec);
        return request.Changes().All(c => ClusterChange.Value(live, c.Field) == c.After);
    }

    /// <summary>The changed fields whose value in IONOS is neither the baseline nor the desired value, said plainly.</summary>
    private static List<string> Conflicts(ClusterRequest request, ClusterRead cluster)
    {
        var live = ClusterPayloadMapper.FromRead(cluster.Properties ?? new ClusterProperties(), request.Spec);
        return [.. request.Changes()
            .Select(c => (Change: c, Now: ClusterChange.Value(live, c.Field)))
            .Where(x => x.Now != x.Change.Before && x.Now != x.Change.After)
            .Select(x => $"{x.Change.Label} was {x.Change.Before} when requested and is now {x.Now} in IONOS (this request wants {x.Change.After})")];
    }
}
