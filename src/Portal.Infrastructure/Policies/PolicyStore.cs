using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain;
using Portal.Application.Domain.Policies;
using Portal.Application.Policies;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Policies;

/// <summary>Adapter: team quotas and the auto-approval rule, each change written with its audit entry in one transaction.</summary>
public sealed class PolicyStore(IDbContextFactory<PortalDbContext> contexts) : IPolicyStore
{
    public async Task<ApprovalPolicy?> GetApprovalPolicyAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApprovalPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == ApprovalPolicy.SingletonId, cancellationToken);
    }

    public async Task<IReadOnlyList<TeamPolicy>> ListTeamsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = await context.Teams.AsNoTracking().OrderBy(t => t.Slug).ToListAsync(cancellationToken);
        var quotas = await context.TeamQuotas.AsNoTracking().ToDictionaryAsync(q => q.TeamId, cancellationToken);
        return [.. teams.Select(t => new TeamPolicy(new TeamOption(t.Id, t.Slug, t.DisplayName), quotas.GetValueOrDefault(t.Id)))];
    }

    public async Task<TeamQuota?> GetQuotaAsync(Guid teamId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.TeamQuotas.AsNoTracking().FirstOrDefaultAsync(q => q.TeamId == teamId, cancellationToken);
    }

    public async Task<bool> SetQuotaAsync(Guid teamId, QuotaLimits limits, Actor setBy, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(audit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        if (!await context.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            return false;
        }

        await AuditTrail.AppendAsync(context, audit, cancellationToken);
        var quota = await context.TeamQuotas.FirstOrDefaultAsync(q => q.TeamId == teamId, cancellationToken);
        if (quota is null)
        {
            quota = new TeamQuota(teamId, setBy, audit.OccurredAt);
            context.TeamQuotas.Add(quota);
        }

        quota.Set(limits.MaxClusters, limits.MaxTotalCores, limits.MaxTotalRamGb, limits.MaxTotalStorageGb, setBy, audit.OccurredAt);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task SetAutoApprovalAsync(AutoApprovalRule rule, Actor setBy, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(audit);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await AuditTrail.AppendAsync(context, audit, cancellationToken);
        var policy = await context.ApprovalPolicies.FirstOrDefaultAsync(p => p.Id == ApprovalPolicy.SingletonId, cancellationToken);
        if (policy is null)
        {
            policy = new ApprovalPolicy(setBy, audit.OccurredAt);
            context.ApprovalPolicies.Add(policy);
        }

        policy.Set(rule.Enabled, rule.MaxCores, rule.MaxRamGb, rule.MaxInstances, rule.MaxStorageGb, setBy, audit.OccurredAt);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
