using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Audit;
using Portal.Application.Clusters;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Changes;

/// <summary>
/// A team member asks for their cluster to be deleted: the typed name must match exactly, deletion protection must be
/// off, and no other change (update or delete) of the cluster may be open. The request waits for a DBA like any other and is audited and notified on submit.
/// </summary>
public sealed partial class DeleteClusterService(
    IClusterReadStore clusters,
    ITeamDirectory teams,
    IClusterChangeStore changes,
    IClusterRequestStore requests,
    TimeProvider time,
    ILogger<DeleteClusterService> logger,
    SubmissionApprovals? approvals = null,
    AccessDenials? denials = null)
{
    public const string TypedNameField = "TypedName";

    /// <summary>Problems about the cluster itself (not a field of the form).</summary>
    public const string ClusterField = ClusterChangeContext.ClusterField;

    public async Task<SubmitResult> SubmitAsync(PortalUser user, string region, string clusterId, string? typedName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var (cluster, team, refusal) = await ClusterChangeContext.ResolveAsync(
            clusters, teams, user, region, clusterId, "delete", cancellationToken, denials, "DeleteCluster.Submit");
        if (refusal is not null)
        {
            return SubmitResult.Rejected(ClusterChangeContext.ClusterField, refusal);
        }

        var name = cluster!.Summary.Name;
        if (!string.Equals(typedName, name, StringComparison.Ordinal))
        {
            return SubmitResult.Rejected(TypedNameField, string.IsNullOrEmpty(typedName)
                ? $"Type the cluster's name, {name}, to confirm the delete."
                : $"That is not the cluster's name. Type {name} exactly (same letters and case) to confirm the delete.");
        }

        if (await StateRefusalAsync(cluster, cancellationToken) is { } stateRefusal)
        {
            return SubmitResult.Rejected(ClusterChangeContext.ClusterField, stateRefusal);
        }

        var now = time.GetUtcNow();
        var actor = new Actor(user.Id, user.DisplayName);
        var request = ClusterRequest.SubmitDelete(team!.Id, cluster.Summary.Region, actor, cluster.Summary.ClusterId, ClusterChangeContext.ToSpec(cluster), now);
        if (approvals is not null)
        {
            await approvals.AssessAsync(request, cancellationToken);
        }

        var correlationId = ClusterChangeContext.CorrelationId();
        var details = JsonSerializer.Serialize(new
        {
            kind = request.Kind.ToString(),
            name,
            clusterId = cluster.Summary.ClusterId,
            version = cluster.Summary.PostgresVersion,
            size = cluster.Summary.Size,
        });
        var audit = new AuditEvent(now, actor, CreateClusterService.SubmittedAction, "ClusterRequest", request.Id.ToString(), team.Id,
            request.Region, correlationId, details);
        await requests.AddAsync(request, null, audit, cancellationToken);
        LogSubmitted(logger, request.Id, cluster.Summary.ClusterId, request.Region);
        if (approvals is not null)
        {
            // Never auto-approved: AssessAsync only lets creates through.
            await approvals.AfterSubmitAsync(request, team, autoApprove: false, correlationId, cancellationToken);
        }

        return new SubmitResult(request.Id, ValidationReport.Valid);
    }

    private async Task<string?> StateRefusalAsync(ClusterDetailsData cluster, CancellationToken cancellationToken)
    {
        if (cluster.DeletionProtected)
        {
            return $"Deletion protection is on for cluster '{cluster.Summary.Name}', so it cannot be deleted. An Admin can turn the protection off on this page.";
        }

        return await ClusterChangeContext.OpenChangeRefusalAsync(changes, cluster, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delete request {RequestId} submitted for cluster {ClusterId} in {Region}")]
    private static partial void LogSubmitted(ILogger logger, Guid requestId, string clusterId, string region);
}
