using System.Text.Json;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;

namespace Portal.Infrastructure.Execution;

/// <summary>The audit entries the executor writes: each IONOS call it makes and each status change of a request.</summary>
public static class ExecutionAudit
{
    /// <summary>One IONOS API call; details <c>{method, path, status, durationMs, requestId}</c> (status 0: no answer). Never a body.</summary>
    public const string IonosCallAction = "ionos.call";

    /// <summary>A status change of a request; details <c>{from, to, reason?}</c>.</summary>
    public const string StateChangedAction = "request.state-changed";

    public const string TargetType = "ClusterRequest";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static AuditEvent IonosCall(ClusterRequest request, string method, string path, int status, long durationMs, DateTimeOffset at, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = JsonSerializer.Serialize(new IonosCallDetails(method, path, status, durationMs, request.Id), Json);
        return Event(request, IonosCallAction, at, correlationId, details);
    }

    public static AuditEvent StateChanged(ClusterRequest request, ClusterRequestStatus from, string? reason, DateTimeOffset at, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var details = JsonSerializer.Serialize(new StateChangeDetails(from.ToString(), request.Status.ToString(), reason), Json);
        return Event(request, StateChangedAction, at, correlationId, details);
    }

    private static AuditEvent Event(ClusterRequest request, string action, DateTimeOffset at, string correlationId, string details) =>
        new(at, Actor.System, action, TargetType, request.Id.ToString(), request.TeamId, request.Region, correlationId, details);

    private sealed record IonosCallDetails(string Method, string Path, int Status, long DurationMs, Guid RequestId);

    private sealed record StateChangeDetails(string From, string To, string? Reason);
}
