using System.Diagnostics;
using Portal.Application.Audit;
using Portal.Application.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Queries;

namespace Portal.Application.Requests.Changes;

/// <summary>The checks every day-2 request starts with: the cluster exists, is managed, still exists in IONOS, and the person is in its team.</summary>
internal static class ClusterChangeContext
{
    public const string ClusterField = "Cluster";

    /// <summary>
    /// The cluster and the person's team that owns it, or a refusal that says why. A refusal because the person is not in
    /// the owning team is recorded through <paramref name="denials"/> as <paramref name="operation"/>; the others (no such
    /// cluster, unmanaged, gone from IONOS) are about the cluster, not the person, and are not.
    /// </summary>
    public static async Task<(ClusterDetailsData? Cluster, TeamOption? Team, string? Refusal)> ResolveAsync(
        IClusterReadStore clusters, ITeamDirectory teams, PortalUser user, string region, string clusterId, string verb, CancellationToken cancellationToken,
        AccessDenials? denials = null, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(region) || string.IsNullOrWhiteSpace(clusterId))
        {
            return (null, null, "There is no such cluster.");
        }

        var cluster = await clusters.GetAsync(region.Trim().ToLowerInvariant(), clusterId.Trim(), ClusterVisibility.Everything, cancellationToken);
        var myTeams = await teams.GetTeamsAsync(user, cancellationToken);
        if (cluster is null || (!ClusterQueries.SeesAllClusters(user) && !myTeams.Any(t => t.Id == cluster.Summary.TeamId)))
        {
            if (cluster is not null)
            {
                await DeniedAsync(denials, operation ?? verb, user, cluster, cancellationToken);
            }

            return (null, null, "There is no such cluster, or you may not see it.");
        }

        if (cluster.Summary.TeamId is not { } teamId)
        {
            return (cluster, null, $"Cluster '{cluster.Summary.Name}' is not managed by the portal, so nobody can {verb} it here. An Admin can adopt it into a team first.");
        }

        var team = myTeams.FirstOrDefault(t => t.Id == teamId);
        if (team is null)
        {
            await DeniedAsync(denials, operation ?? verb, user, cluster, cancellationToken);
            return (cluster, null, $"Only members of team {cluster.Summary.TeamName} can {verb} cluster '{cluster.Summary.Name}'.");
        }

        if (cluster.Summary.VanishedAt is not null)
        {
            return (cluster, team, $"Cluster '{cluster.Summary.Name}' no longer exists in IONOS.");
        }

        return (cluster, team, null);
    }

    /// <summary>
    /// Why no further change (update, delete) of <paramref name="cluster"/> can be submitted now: one is open already. The
    /// message names it, so the person can follow or cancel it; null when there is none.
    /// </summary>
    public static async Task<string?> OpenChangeRefusalAsync(IClusterChangeStore changes, ClusterDetailsData cluster, CancellationToken cancellationToken)
    {
        var open = await changes.FindOpenChangeAsync(cluster.Summary.Region, cluster.Summary.ClusterId, cancellationToken);
        if (open is null)
        {
            return null;
        }

        var kind = open.Kind == ClusterRequestKind.Delete ? "delete" : "change";
        return $"Cluster '{cluster.Summary.Name}' already has an open {kind} request ({open.Id}, {StatusLabels.For(open.Status, open.Kind)}, submitted by " +
            $"{open.RequestedByName} on {open.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC). One change at a time: wait until it is completed or " +
            "rejected, or cancel it while it is pending; see the cluster's requests.";
    }

    /// <summary>Records that <paramref name="user"/> is not in the team that owns <paramref name="cluster"/>.</summary>
    public static Task DeniedAsync(AccessDenials? denials, string operation, PortalUser user, ClusterDetailsData cluster, CancellationToken cancellationToken) =>
        denials?.RecordAsync(user, operation, "Cluster", cluster.Summary.ClusterId, cluster.Summary.TeamId, cluster.Summary.Region,
            $"membership of team {cluster.Summary.TeamName ?? cluster.Summary.TeamId?.ToString() ?? "(none)"}", cancellationToken)
        ?? Task.CompletedTask;

    /// <summary>The cluster as stored, as a request spec (no password; credentials from the request that created it, when known).</summary>
    public static ClusterSpec ToSpec(ClusterDetailsData cluster) => new()
    {
        Name = cluster.Summary.Name,
        Description = cluster.Description,
        PostgresVersion = cluster.Summary.PostgresVersion ?? "",
        Instances = cluster.Summary.Instances,
        Cores = cluster.Summary.Cores,
        RamGb = cluster.Summary.RamGb,
        StorageGb = cluster.Summary.StorageGb,
        ReplicationMode = string.Equals(cluster.ReplicationMode, "STRICTLY_SYNCHRONOUS", StringComparison.OrdinalIgnoreCase)
            ? ReplicationMode.StrictlySynchronous
            : ReplicationMode.Asynchronous,
        ConnectionPooler = cluster.ConnectionPooler?.ToUpperInvariant() switch
        {
            "TRANSACTION" => ConnectionPooler.Transaction,
            "SESSION" => ConnectionPooler.Session,
            _ => ConnectionPooler.Disabled,
        },
        DatacenterId = cluster.DatacenterId ?? "",
        LanId = cluster.LanId ?? "",
        PrimaryInstanceAddress = cluster.PrimaryInstanceAddress ?? "",
        MaintenanceDay = cluster.MaintenanceDay ?? DayOfWeek.Sunday,
        MaintenanceTime = cluster.MaintenanceTime ?? default,
        BackupLocation = cluster.BackupLocation ?? "",
        RetentionDays = cluster.RetentionDays ?? 7,
        Username = cluster.Username ?? "",
        DatabaseName = cluster.DatabaseName ?? "",
    };

    public static string CorrelationId() => Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
}
