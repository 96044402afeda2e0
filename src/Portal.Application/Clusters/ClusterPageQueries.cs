using Portal.Application.Audit;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;

namespace Portal.Application.Clusters;

/// <summary>What the person may do on a cluster's page (the services check the same again when they act).</summary>
public sealed record ClusterPermissions(bool IsTeamMember, bool IsAdmin)
{
    public static ClusterPermissions None { get; } = new(false, false);
}

/// <summary>One page of a cluster's backups, or why IONOS could not list them.</summary>
public sealed record BackupsResult(BackupPage? Page, string? Error);

/// <summary>
/// The cluster page's panels around the stored cluster: its requests, its audit entries, its backups from IONOS, and
/// what the person may do. Each call checks first that the person may see the cluster (same rule as the page).
/// </summary>
public sealed class ClusterPageQueries(
    ClusterQueries clusters,
    IClusterChangeStore changes,
    AuditLogQueries audit,
    IBackupCatalog backups,
    ITeamDirectory teams)
{
    public const int RequestLimit = 100;

    public async Task<ClusterPermissions> GetPermissionsAsync(PortalUser user, ClusterRow cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(cluster);
        var mine = await teams.GetTeamsAsync(user, cancellationToken);
        return new ClusterPermissions(cluster.TeamId is { } teamId && mine.Any(t => t.Id == teamId), ClusterAdministrationService.CanAdminister(user));
    }

    public async Task<IReadOnlyList<ClusterRequest>> GetRequestsAsync(PortalUser user, string region, string clusterId, CancellationToken cancellationToken)
    {
        var cluster = await clusters.GetClusterAsync(user, region, clusterId, cancellationToken);
        return cluster is null
            ? []
            : await changes.ListForClusterAsync(cluster.Cluster.Summary.Region, cluster.Cluster.Summary.ClusterId, RequestLimit, cancellationToken);
    }

    public async Task<AuditPage> GetAuditAsync(PortalUser user, string region, string clusterId, int pageIndex, int pageSize, CancellationToken cancellationToken)
    {
        var cluster = await clusters.GetClusterAsync(user, region, clusterId, cancellationToken);
        return cluster is null
            ? new AuditPage([], 0, false)
            : await audit.SearchAsync(new AuditFilter { Cluster = cluster.Cluster.Summary.ClusterId }, pageIndex, pageSize, cancellationToken);
    }

    public async Task<BackupsResult> GetBackupsAsync(PortalUser user, string region, string clusterId, int offset, int limit, CancellationToken cancellationToken)
    {
        var cluster = await clusters.GetClusterAsync(user, region, clusterId, cancellationToken);
        if (cluster is null)
        {
            return new BackupsResult(null, "There is no such cluster, or you may not see it.");
        }

        try
        {
            return new BackupsResult(await backups.ListAsync(cluster.Cluster.Summary.Region, cluster.Cluster.Summary.ClusterId, offset, limit, cancellationToken), null);
        }
        catch (IonosUnavailableException ex)
        {
            return new BackupsResult(null, $"The backups could not be loaded from IONOS: {ex.Reason}. The rest of the page works; try again in a moment.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BackupsResult(null, "IONOS took too long to list the backups. The rest of the page works; try again in a moment.");
        }
    }
}
