using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Requests;

/// <summary>Adapter: cluster requests, written with their secret and audit entry in one transaction; also the approval queue and its decisions.</summary>
public sealed class ClusterRequestStore(IDbContextFactory<PortalDbContext> contexts) : IClusterRequestStore, IRequestDecisionStore
{
    public async Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        if (secret is not null && secret.RequestId != request.Id)
        {
            throw new ArgumentException($"The secret belongs to request {secret.RequestId}, not {request.Id}.", nameof(secret));
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        context.ClusterRequests.Add(request);
        if (secret is not null)
        {
            context.PendingSecrets.Add(secret);
        }

        await AuditTrail.AppendAsync(context, audit, cancellationToken);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ClusterRequest?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ClusterRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teamIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (teamIds.Count == 0)
        {
            return [];
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ClusterRequests.AsNoTracking()
            .Where(r => teamIds.Contains(r.TeamId))
            .OrderByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ClusterRequest>> ListPendingAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ClusterRequests.AsNoTracking()
            .Where(r => r.Status == ClusterRequestStatus.PendingApproval)
            .OrderBy(r => r.CreatedAt)
            .ThenBy(r => r.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    public async Task UpdateAsync(ClusterRequest request, AuditEvent audit, bool deletePendingSecret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        // The audit lock comes first, so two decisions on one request queue there and the second one's version check
        // sees the first one's committed row.
        await AuditTrail.AppendAsync(context, audit, cancellationToken);
        context.ClusterRequests.Update(request);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new RequestChangedConcurrentlyException(request.Id, ex);
        }

        if (deletePendingSecret)
        {
            await context.PendingSecrets.Where(s => s.RequestId == request.Id).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
