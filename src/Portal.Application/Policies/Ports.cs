using Portal.Application.Domain;
using Portal.Application.Domain.Policies;
using Portal.Application.Requests.Create;

namespace Portal.Application.Policies;

/// <summary>Port: the Admin's policies (team quotas, the auto-approval rule), each change written with its audit entry in one transaction.</summary>
public interface IPolicyStore
{
    /// <summary>The auto-approval rule, or null while no Admin has set one (then it is off).</summary>
    Task<ApprovalPolicy?> GetApprovalPolicyAsync(CancellationToken cancellationToken);

    /// <summary>Every known team, by slug, with its quota (null: no quota set).</summary>
    Task<IReadOnlyList<TeamPolicy>> ListTeamsAsync(CancellationToken cancellationToken);

    Task<TeamQuota?> GetQuotaAsync(Guid teamId, CancellationToken cancellationToken);

    /// <summary>Creates or changes the team's quota and appends <paramref name="audit"/>; false when the team does not exist.</summary>
    Task<bool> SetQuotaAsync(Guid teamId, QuotaLimits limits, Actor setBy, AuditEvent audit, CancellationToken cancellationToken);

    /// <summary>Creates or changes the auto-approval rule and appends <paramref name="audit"/>.</summary>
    Task SetAutoApprovalAsync(AutoApprovalRule rule, Actor setBy, AuditEvent audit, CancellationToken cancellationToken);
}

/// <summary>Port: what a team uses now, for its quota.</summary>
public interface IQuotaUsageQuery
{
    /// <summary>
    /// The team's known clusters (snapshots that have not vanished) plus its approved create and restore requests that
    /// are not final and whose cluster is not known yet; resources are instances × per-instance values.
    /// </summary>
    Task<QuotaUsage> GetUsageAsync(Guid teamId, CancellationToken cancellationToken);
}

/// <summary>A team and its quota (null: no quota set).</summary>
public sealed record TeamPolicy(TeamOption Team, TeamQuota? Quota);

/// <summary>A team's limits as an Admin enters them; null means no limit.</summary>
public sealed record QuotaLimits(int? MaxClusters, int? MaxTotalCores, int? MaxTotalRamGb, int? MaxTotalStorageGb)
{
    public static QuotaLimits None { get; } = new(null, null, null, null);

    public static QuotaLimits Of(TeamQuota? quota) => quota is null
        ? None
        : new(quota.MaxClusters, quota.MaxTotalCores, quota.MaxTotalRamGb, quota.MaxTotalStorageGb);

    public bool HasAnyLimit => MaxClusters is not null || MaxTotalCores is not null || MaxTotalRamGb is not null || MaxTotalStorageGb is not null;
}

/// <summary>The auto-approval rule as an Admin enters it: limits per request (cores, RAM and storage per instance; instances).</summary>
public sealed record AutoApprovalRule(bool Enabled, int MaxCores, int MaxRamGb, int MaxInstances, int MaxStorageGb)
{
    /// <summary>The rule while no Admin has set one: off, with the example limits of the issue.</summary>
    public static AutoApprovalRule Default { get; } = new(false, 2, 8, 1, 100);

    public static AutoApprovalRule Of(ApprovalPolicy? policy) => policy is null
        ? Default
        : new(policy.AutoApprovalEnabled, policy.MaxCores, policy.MaxRamGb, policy.MaxInstances, policy.MaxStorageGb);

    /// <summary>Whether a cluster of this size may be approved by policy (quota is checked separately).</summary>
    public bool Allows(int instances, int cores, int ramGb, int storageGb) =>
        Enabled && instances <= MaxInstances && cores <= MaxCores && ramGb <= MaxRamGb && storageGb <= MaxStorageGb;
}
