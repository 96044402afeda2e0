using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Execution;

public sealed partial class ClusterRequestExecutor
{
    /// <summary>
    /// One step of a delete: refuse when deletion protection was turned on after approval; after an ambiguous attempt,
    /// GET first and DELETE again only when the cluster still exists and is not DESTROYING; a 202 (or DESTROYING) is
    /// followed until GET answers 404. A 404 at any point means the cluster is gone, which is what was asked for.
    /// </summary>
    private async Task ExecuteDeleteAsync(Attempt attempt, IonosPostgresClient client, CancellationToken cancellationToken)
    {
        if (attempt.Request.Status == ClusterRequestStatus.Provisioning)
        {
            await FollowDeleteAsync(attempt, client, cancellationToken);
            return;
        }

        var request = attempt.Request;
        var clusterId = request.TargetClusterId!;
        var from = request.Status;
        if (await IsDeletionProtectedAsync(attempt, cancellationToken))
        {
            request.Fail(
                $"Deletion protection was turned on for cluster '{request.ClusterName}' after the request was approved, so it was not deleted. "
                + "An Admin can lift the protection on the cluster page; then request the delete again.",
                Now);
            await FinishAsync(attempt, from, "deletion protection is on", RequestEvent.Failed, cancellationToken);
            return;
        }

        if (!await BeginAttemptAsync(attempt, request.ExecutionClusterName ?? request.ClusterName, "begin deleting", cancellationToken))
        {
            return;
        }

        if (request.Attempts > 1 || from == ClusterRequestStatus.Submitting)
        {
            // The last DELETE may or may not have reached IONOS: look before sending another.
            ClusterRead? current;
            try
            {
                current = await CallAsync(attempt, HttpMethod.Get, $"/clusters/{clusterId}", 200, ct => client.GetClusterAsync(clusterId, ct), cancellationToken);
            }
            catch (IonosApiException exception) when (exception.IsNotFound)
            {
                current = null;
            }
            catch (Exception exception) when (IsRetryable(exception, cancellationToken))
            {
                await RetryLaterAsync(attempt, exception, "GET", $"/clusters/{clusterId}", cancellationToken);
                return;
            }

            if (current is null)
            {
                await CompleteDeleteAsync(attempt, "the cluster is gone from IONOS", cancellationToken);
                return;
            }

            if (current.Metadata?.State == ClusterState.Destroying)
            {
                await RecordDestroyingAsync(attempt, "IONOS is already destroying the cluster", cancellationToken);
                return;
            }
        }

        try
        {
            await CallAsync<object?>(attempt, HttpMethod.Delete, $"/clusters/{clusterId}", 202, async ct =>
            {
                await client.DeleteClusterAsync(clusterId, ct);
                return null;
            }, cancellationToken);
        }
        catch (IonosApiException exception) when (exception.IsNotFound)
        {
            await CompleteDeleteAsync(attempt, "IONOS answered 404: the cluster was already gone", cancellationToken);
            return;
        }
        catch (Exception exception) when (IsRetryable(exception, cancellationToken))
        {
            await RetryLaterAsync(attempt, exception, "DELETE", $"/clusters/{clusterId}", cancellationToken);
            return;
        }
        catch (IonosApiException exception)
        {
            // An answer that refuses the delete (400, 409, ...): nothing happened, and retrying blindly would not change that.
            request.FlagNeedsAttention($"IONOS did not accept the delete: {RefusalMessage(exception)}", Now);
            await FinishAsync(attempt, ClusterRequestStatus.Submitting, "unexpected answer to the delete", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        await RecordDestroyingAsync(attempt, "IONOS accepted the delete", cancellationToken);
    }

    /// <summary>One look at a cluster being destroyed: 404 completes; anything else waits, up to the timeout.</summary>
    private async Task FollowDeleteAsync(Attempt attempt, IonosPostgresClient client, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var clusterId = request.TargetClusterId!;
        string lastSeen;
        Exception? failure = null;
        try
        {
            var cluster = await CallAsync(attempt, HttpMethod.Get, $"/clusters/{clusterId}", 200, ct => client.GetClusterAsync(clusterId, ct), cancellationToken);
            lastSeen = $"IONOS last reported {cluster.Metadata?.StateRaw ?? "no state"}";
            request.ObserveCluster(false, cluster.Metadata?.StatusMessage, dnsName: null, Now);
        }
        catch (IonosApiException exception) when (exception.IsNotFound)
        {
            await CompleteDeleteAsync(attempt, "the cluster is gone from IONOS", cancellationToken);
            return;
        }
        catch (Exception exception) when (IsRetryable(exception, cancellationToken))
        {
            failure = exception;
            lastSeen = $"the last look failed: {Describe(exception)}";
        }

        var now = Now;
        var startedAt = request.ProvisioningStartedAt ?? now;
        if (now - startedAt >= _options.ProvisioningTimeout)
        {
            request.FlagNeedsAttention($"The cluster was still not gone {_options.ProvisioningTimeout} after the delete: {lastSeen}.", now);
            await FinishAsync(attempt, ClusterRequestStatus.Provisioning, "delete timeout", RequestEvent.NeedsAttention, cancellationToken);
            return;
        }

        var next = now + _options.PollInterval;
        if (failure is IonosApiException { RetryAfter: { } retryAfter } && retryAfter > _options.PollInterval)
        {
            next = now + retryAfter;
        }

        if (failure is null)
        {
            request.ScheduleNextAttempt(next, now);
        }
        else
        {
            request.RecordRetryableFailure(Describe(failure), now, next);
        }

        request.ReleaseLease(now);
        await SaveAsync(attempt, "follow delete", cancellationToken);
    }

    private static async Task<bool> IsDeletionProtectedAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        return await attempt.Context.ClusterSnapshots.AsNoTracking()
            .AnyAsync(s => s.Region == request.Region && s.ClusterId == request.TargetClusterId && s.DeletionProtected, cancellationToken);
    }

    /// <summary>IONOS is destroying the cluster: follow it from now on (the same follow-up state as a create).</summary>
    private async Task RecordDestroyingAsync(Attempt attempt, string reason, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var now = Now;
        request.MarkProvisioning(request.TargetClusterId!, now);
        request.ScheduleNextAttempt(now + _options.PollInterval, now);
        request.ReleaseLease(now);
        await FinishAsync(attempt, ClusterRequestStatus.Submitting, reason, notify: null, cancellationToken);
    }

    private async Task CompleteDeleteAsync(Attempt attempt, string reason, CancellationToken cancellationToken)
    {
        var request = attempt.Request;
        var from = request.Status;
        request.Complete(Now);
        await FinishAsync(attempt, from, reason, RequestEvent.Completed, cancellationToken);
    }
}
