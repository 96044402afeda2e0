using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Application.Policies;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Policies;

/// <summary>
/// Adapter: a team's usage is its known clusters (snapshots that have not vanished) plus its approved create and restore
/// requests on their way (not final), except those whose cluster is already among the snapshots (counted once).
/// </summary>
public sealed class QuotaUsageQuery(IDbContextFactory<PortalDbContext> contexts) : IQuotaUsageQuery
{
    private static readonly ClusterRequestStatus[] OnTheirWay =
        [ClusterRequestStatus.Approved, ClusterRequestStatus.Submitting, ClusterRequestStatus.Provisioning, ClusterRequestStatus.NeedsAttention];

    public async Task<QuotaUsage> GetUsageAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var clusters = await context.ClusterSnapshots.AsNoTracking()
            .Where(c => c.TeamId == teamId && c.VanishedAt == null)
            .Select(c => new { c.ClusterId, c.Instances, c.Cores, c.RamGb, c.StorageGb })
            .ToListAsync(cancellationToken);
        var coming = await context.ClusterRequests.AsNoTracking()
            .Where(r => r.TeamId == teamId && OnTheirWay.Contains(r.Status)
                && (r.Kind == ClusterRequestKind.Create || r.Kind == ClusterRequestKind.Restore))
            .ToListAsync(cancellationToken);

        var known = clusters.Select(c => c.ClusterId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var usage = clusters.Aggregate(QuotaUsage.Zero, (sum, c) => sum.Plus(QuotaUsage.OfCluster(c.Instances, c.Cores, c.RamGb, c.StorageGb)));
        return coming
            .Where(r => r.TargetClusterId is null || !known.Contains(r.TargetClusterId))
            .Aggregate(usage, (sum, r) => sum.Plus(QuotaUsage.OfCluster(r.Spec.Instances, r.Spec.Cores, r.Spec.RamGb, r.Spec.StorageGb)));
    }
}
