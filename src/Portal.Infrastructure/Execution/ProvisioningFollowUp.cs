using Ionos.PostgreSql.Models;
using Portal.Application.Domain.Requests;

namespace Portal.Infrastructure.Execution;

/// <summary>What to do with a provisioning request after one look at its cluster.</summary>
public enum FollowUpAction
{
    /// <summary>Not final yet: look again later.</summary>
    CheckAgain,

    /// <summary>The cluster is ready.</summary>
    Complete,

    /// <summary>FAILED persisted over the configured window.</summary>
    Fail,

    /// <summary>No final state within the provisioning timeout.</summary>
    NeedsAttention,
}

/// <summary>
/// The follow-up rules as a pure function, applied after <see cref="ClusterRequest.ObserveCluster"/> recorded what
/// IONOS reported: ready wins; FAILED becomes final only once it has lasted <see cref="RequestExecutionOptions.FailedFinalAfter"/>
/// (any other state in between resets that window); and nothing else may last beyond
/// <see cref="RequestExecutionOptions.ProvisioningTimeout"/> from the cluster's first sighting.
/// </summary>
public static class ProvisioningFollowUp
{
    /// <summary>The action after one look; <paramref name="observed"/> is null when the look gave no answer (404, 5xx, timeout).</summary>
    public static FollowUpAction Decide(ClusterRequest request, ClusterState? observed, DateTimeOffset now, RequestExecutionOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (observed == ClusterState.Available)
        {
            return FollowUpAction.Complete;
        }

        if (observed == ClusterState.Failed && request.FailedObservedSince is { } failedSince && now - failedSince >= options.FailedFinalAfter)
        {
            return FollowUpAction.Fail;
        }

        var startedAt = request.ProvisioningStartedAt ?? now;
        return now - startedAt >= options.ProvisioningTimeout ? FollowUpAction.NeedsAttention : FollowUpAction.CheckAgain;
    }
}
