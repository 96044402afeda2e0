using System.Globalization;
using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Execution;

public sealed partial class ClusterRequestExecutor
{
    /// <summary>
    /// One look at a provisioning cluster: ready completes the request; FAILED is recorded and becomes final only when
    /// it persists; 404 and errors count as "not yet" until the provisioning timeout, which parks the request for a human.
    /// </summary>
    /// <remarks>For an update, <paramref name="isApplied"/> says whether IONOS shows the change yet: a ready cluster without it is not done (a GET right after the PUT may still see the old state).</remarks>
    private async Task FollowAsync(Attempt attempt, IonosPostgresClient client, CancellationToken cancellationToken, Func<ClusterRead, bool>? isApplied = null)
    {
        var request = attempt.Request;
        var clusterId = request.TargetClusterId!;
        ClusterState? observed = null;
        string? lastState = null;
        Exception? failure = null;
        try
        {
            var cluster = await CallAsync(
                attempt, HttpMethod.Get, $"/clusters/{clusterId}", 200, ct => client.GetClusterAsync(clusterId, ct), cancellationToken);
            var metadata = cluster.Metadata;
            observed = metadata?.State ?? ClusterState.Unknown;
            if (observed == ClusterState.Available && isApplied is not null && !isApplied(cluster))
            {
                observed = ClusterState.Updating;
            }
            lastState = metadata?.StateRaw ?? "no state";
            request.ObserveCluster(observed == ClusterState.Failed, metadata?.StatusMessage, metadata?.DnsName, Now);
        }
        catch (Exception exception) when (IsRetryable(exception, cancellationToken) || exception is IonosApiException { IsNotFound: true })
        {
            // 404 right after a create is not the end: IONOS may not list the cluster yet. The timeout bounds the wait.
            failure = exception;
        }

        var now = Now;
        var action = ProvisioningFollowUp.Decide(request, observed, now, _options);
        switch (action)
        {
            case FollowUpAction.Complete:
                request.Complete(now);
                await FinishAsync(attempt, ClusterRequestStatus.Provisioning, "the cluster is ready", RequestEvent.Completed, cancellationToken);
                return;

            case FollowUpAction.Fail:
                request.Fail(
                    $"IONOS reports the cluster FAILED since {request.FailedObservedSince!.Value.ToString("u", CultureInfo.InvariantCulture)}: {request.StatusMessage ?? "no status message"}",
                    now);
                await FinishAsync(attempt, ClusterRequestStatus.Provisioning, $"FAILED for longer than {_options.FailedFinalAfter}", RequestEvent.Failed, cancellationToken);
                return;

            case FollowUpAction.NeedsAttention:
                var last = failure is null ? $"IONOS last reported {lastState}" : $"the last look failed: {Describe(failure)}";
                request.FlagNeedsAttention($"No final state after {_options.ProvisioningTimeout}: {last}.", now);
                await FinishAsync(attempt, ClusterRequestStatus.Provisioning, "provisioning timeout", RequestEvent.NeedsAttention, cancellationToken);
                return;

            default:
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

                if (observed == ClusterState.Failed)
                {
                    ExecutionLog.ClusterFailed(_logger, request.Id, clusterId, request.FailedObservedSince!.Value);
                }

                request.ReleaseLease(now);
                await SaveAsync(attempt, "follow", cancellationToken);
                return;
        }
    }
}
