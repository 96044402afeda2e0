using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Clusters;

/// <summary>Adapter: the day-2 services' reads and writes around one cluster.</summary>
public sealed class ClusterChangeStore(IDbContextFactory<PortalDbContext> contexts) : IClusterChangeStore
{
    private static readonly ClusterRequestStatus[] OpenStatuses =
    [
        ClusterRequestStatus.PendingApproval, ClusterRequestStatus.Approved, ClusterRequestStatus.Submitting,
        ClusterRequestStatus.Provisioning, ClusterRequestStatus.NeedsAttention,
    ];

    public async Task<ClusterRequest?> FindOpenChangeAsync(string region, string clusterId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ClusterRequests.AsNoTracking()
            .Where(r => r.Region == region && r.TargetClusterId == clusterId
                && (r.Kind == ClusterRequestKind.Update || r.Kind == ClusterRequestKind.Delete) && OpenStatuses.Contains(r.Status))
            .OrderBy(r => r.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ClusterRequest>> ListForClusterAsync(string region, string clusterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ClusterRequests.AsNoTracking()
            .Where(r => r.Region == region && r.TargetClusterId == clusterId)
            .OrderByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    public async Task<bool> UpdateSnapshotAsync(string region, string clusterId, Func<ClusterSnapshot, bool> change, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(audit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var snapshot = await context.ClusterSnapshots.FirstOrDefaultAsync(s => s.Region == region && s.ClusterId == clusterId, cancellationToken);
        if (snapshot is null || !change(snapshot))
        {
            return false;
        }

        await AuditTrail.AppendAsync(context, audit, cancellationToken);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The refresher (or another admin) wrote the row meanwhile: nothing is saved, the caller says so.
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
