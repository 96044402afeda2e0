using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Changes;

/// <summary>Port: what the day-2 services read and write around one cluster (Infrastructure implements it over the database).</summary>
public interface IClusterChangeStore
{
    /// <summary>
    /// The oldest change of the cluster (update or delete) that is not final (pending, approved, running, needs attention),
    /// or null: a cluster has at most one open change at a time.
    /// </summary>
    Task<ClusterRequest?> FindOpenChangeAsync(string region, string clusterId, CancellationToken cancellationToken);

    /// <summary>Every request that acts on the cluster or created it, newest first.</summary>
    Task<IReadOnlyList<ClusterRequest>> ListForClusterAsync(string region, string clusterId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored snapshot and saves it with the audit entry in one transaction
    /// (optimistic concurrency on the snapshot's version). False when the cluster is not stored or <paramref name="change"/> returned false.
    /// </summary>
    Task<bool> UpdateSnapshotAsync(string region, string clusterId, Func<ClusterSnapshot, bool> change, AuditEvent audit, CancellationToken cancellationToken);
}
