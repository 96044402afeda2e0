using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Identity;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;

namespace Portal.Application.Clusters;

/// <summary>The outcome of an admin action on a cluster: done, or refused with a message saying why.</summary>
public sealed record AdministrationResult(bool Succeeded, string? Problem)
{
    public static AdministrationResult Done { get; } = new(true, null);

    public static AdministrationResult Refused(string problem) => new(false, problem);
}

/// <summary>
/// Admin-only changes to a stored cluster: adopt an unmanaged cluster into a team, and turn deletion protection on or off.
/// Each is checked on the server and written with its audit entry in one transaction. The refresher never clears a team
/// it did not set, so an adoption stays.
/// </summary>
public sealed partial class ClusterAdministrationService(
    IClusterReadStore clusters,
    IClusterChangeStore changes,
    TimeProvider time,
    ILogger<ClusterAdministrationService> logger,
    AccessDenials? denials = null)
{
    public const string AdoptedAction = "cluster.adopted";
    public const string DeletionProtectionAction = "cluster.deletion-protection";

    public static bool CanAdminister(PortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(PortalRoles.Admin);
    }

    /// <summary>Every team an unmanaged cluster can be adopted into.</summary>
    public Task<IReadOnlyList<TeamFilterOption>> GetTeamsAsync(CancellationToken cancellationToken) => clusters.GetAllTeamsAsync(cancellationToken);

    public async Task<AdministrationResult> AdoptAsync(PortalUser user, string region, string clusterId, Guid teamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!CanAdminister(user))
        {
            await DeniedAsync(user, "ClusterAdministration.Adopt", region, clusterId, cancellationToken);
            return AdministrationResult.Refused("Only an Admin can adopt a cluster into a team.");
        }

        var cluster = await clusters.GetAsync(region, clusterId, ClusterVisibility.Everything, cancellationToken);
        if (cluster is null)
        {
            return AdministrationResult.Refused("There is no such cluster.");
        }

        if (cluster.Summary.IsManaged)
        {
            return AdministrationResult.Refused($"Cluster '{cluster.Summary.Name}' already belongs to team {cluster.Summary.TeamName}.");
        }

        var team = (await clusters.GetAllTeamsAsync(cancellationToken)).FirstOrDefault(t => t.Id == teamId);
        if (team is null)
        {
            return AdministrationResult.Refused("Choose the team that will own the cluster.");
        }

        var audit = Audit(user, AdoptedAction, cluster, team.Id, new { name = cluster.Summary.Name, clusterId, team = team.Name });
        var saved = await changes.UpdateSnapshotAsync(region, clusterId, snapshot =>
        {
            if (snapshot.IsManaged)
            {
                return false;
            }

            snapshot.AssignToTeam(team.Id);
            return true;
        }, audit, cancellationToken);
        if (!saved)
        {
            return AdministrationResult.Refused($"Cluster '{cluster.Summary.Name}' was changed meanwhile; reload the page and try again.");
        }

        LogAdopted(logger, clusterId, region, team.Id);
        return AdministrationResult.Done;
    }

    public async Task<AdministrationResult> SetDeletionProtectionAsync(PortalUser user, string region, string clusterId, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!CanAdminister(user))
        {
            await DeniedAsync(user, "ClusterAdministration.SetDeletionProtection", region, clusterId, cancellationToken);
            return AdministrationResult.Refused("Only an Admin can change a cluster's deletion protection.");
        }

        var cluster = await clusters.GetAsync(region, clusterId, ClusterVisibility.Everything, cancellationToken);
        if (cluster is null)
        {
            return AdministrationResult.Refused("There is no such cluster.");
        }

        if (cluster.DeletionProtected == enabled)
        {
            return AdministrationResult.Done;
        }

        var audit = Audit(user, DeletionProtectionAction, cluster, cluster.Summary.TeamId,
            new { name = cluster.Summary.Name, clusterId, before = cluster.DeletionProtected, after = enabled });
        var saved = await changes.UpdateSnapshotAsync(region, clusterId, snapshot =>
        {
            snapshot.SetDeletionProtection(enabled);
            return true;
        }, audit, cancellationToken);
        if (!saved)
        {
            return AdministrationResult.Refused($"Cluster '{cluster.Summary.Name}' was changed meanwhile; reload the page and try again.");
        }

        LogProtection(logger, clusterId, region, enabled);
        return AdministrationResult.Done;
    }

    private Task DeniedAsync(PortalUser user, string operation, string region, string clusterId, CancellationToken cancellationToken) =>
        denials?.RecordAsync(user, operation, "Cluster", clusterId, null, region, $"role {PortalRoles.Admin}", cancellationToken) ?? Task.CompletedTask;

    private AuditEvent Audit(PortalUser user, string action, ClusterDetailsData cluster, Guid? teamId, object details) => new(
        time.GetUtcNow(),
        new Actor(user.Id, user.DisplayName),
        action,
        "Cluster",
        cluster.Summary.ClusterId,
        teamId,
        cluster.Summary.Region,
        Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"),
        JsonSerializer.Serialize(details));

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster {ClusterId} in {Region} adopted into team {TeamId}")]
    private static partial void LogAdopted(ILogger logger, string clusterId, string region, Guid teamId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deletion protection of cluster {ClusterId} in {Region} set to {Enabled}")]
    private static partial void LogProtection(ILogger logger, string clusterId, string region, bool enabled);
}
