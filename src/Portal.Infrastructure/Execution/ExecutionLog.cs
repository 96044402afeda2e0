using Microsoft.Extensions.Logging;
using Portal.Application.Domain.Requests;

namespace Portal.Infrastructure.Execution;

/// <summary>The executor's log lines: ids, names, states and statuses only, never a body or a password.</summary>
internal static partial class ExecutionLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Request executor {InstanceName} started (poll interval {PollInterval})")]
    public static partial void Started(ILogger logger, string instanceName, TimeSpan pollInterval);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Claimed {Count} request(s) for {InstanceName}")]
    public static partial void Claimed(ILogger logger, int count, string instanceName);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Request executor iteration failed; the next one runs after the poll interval")]
    public static partial void IterationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Executing request {RequestId} failed unexpectedly; it is retried when its lease expires")]
    public static partial void RequestFailedUnexpectedly(ILogger logger, Guid requestId, Exception exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Request {RequestId} was changed by someone else ({Step}); leaving it to them")]
    public static partial void ConcurrentChange(ILogger logger, Guid requestId, string step);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Request {RequestId}: {From} -> {To}")]
    public static partial void StateChanged(ILogger logger, Guid requestId, ClusterRequestStatus from, ClusterRequestStatus to);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Request {RequestId}: IONOS {Method} {Path} gave no clear answer ({Status}); retry at {NextAttemptAt}")]
    public static partial void AmbiguousOutcome(ILogger logger, Guid requestId, string method, string path, int status, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "Request {RequestId}: IONOS {Method} {Path} answered {Status}; retry at {NextAttemptAt}")]
    public static partial void RetryLater(ILogger logger, Guid requestId, string method, string path, int status, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Request {RequestId}: cluster {ClusterName} found in IONOS as {ClusterId}; not posting again")]
    public static partial void FoundByName(ILogger logger, Guid requestId, string clusterName, string clusterId);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "Request {RequestId}: IONOS accepted cluster {ClusterName} as {ClusterId}")]
    public static partial void Posted(ILogger logger, Guid requestId, string clusterName, string clusterId);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Information, Message = "Request {RequestId} sent its change of cluster {ClusterId} to IONOS")]
    public static partial void UpdateSent(ILogger logger, Guid requestId, string clusterId);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Request {RequestId}: cluster {ClusterId} is FAILED in IONOS since {FailedSince}")]
    public static partial void ClusterFailed(ILogger logger, Guid requestId, string clusterId, DateTimeOffset failedSince);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Notifying {Event} for request {RequestId} failed")]
    public static partial void NotifyFailed(ILogger logger, string @event, Guid requestId, Exception exception);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "Request {RequestId}: {Count} clusters in IONOS are named {ClusterName}; a human must decide which one is the request's")]
    public static partial void AmbiguousName(ILogger logger, Guid requestId, int count, string clusterName);
}
