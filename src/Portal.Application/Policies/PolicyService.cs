using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;

namespace Portal.Application.Policies;

/// <summary>
/// The Admin's policies: team quotas and the auto-approval rule. Only an Admin may read them here or change them; every
/// change is validated, stored and audited in one transaction. Quota checks for everyone else go through <see cref="CheckQuotaAsync"/>.
/// </summary>
public sealed partial class PolicyService(
    IPolicyStore store, IQuotaUsageQuery usage, TimeProvider time, ILogger<PolicyService> logger, AccessDenials? denials = null)
{
    public const string QuotaSetAction = "policy.quota-set";
    public const string AutoApprovalSetAction = "policy.auto-approval-set";
    public const string NotAnAdmin = "Only an Admin can change policies. Ask an Admin if a quota or the auto-approval rule should change.";

    /// <summary>Field names of <see cref="ValidationProblem"/>s, for the page.</summary>
    public static class Fields
    {
        public const string MaxClusters = nameof(QuotaLimits.MaxClusters);
        public const string MaxTotalCores = nameof(QuotaLimits.MaxTotalCores);
        public const string MaxTotalRamGb = nameof(QuotaLimits.MaxTotalRamGb);
        public const string MaxTotalStorageGb = nameof(QuotaLimits.MaxTotalStorageGb);
        public const string MaxCores = nameof(AutoApprovalRule.MaxCores);
        public const string MaxRamGb = nameof(AutoApprovalRule.MaxRamGb);
        public const string MaxInstances = nameof(AutoApprovalRule.MaxInstances);
        public const string MaxStorageGb = nameof(AutoApprovalRule.MaxStorageGb);
    }

    public static bool IsAdmin(PortalUser user) => user is not null && user.IsInRole(PortalRoles.Admin);

    /// <summary>Every team with its quota and current usage, and the auto-approval rule; null for anyone but an Admin.</summary>
    public async Task<PoliciesView?> GetAsync(PortalUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IsAdmin(user))
        {
            return null;
        }

        var teams = await store.ListTeamsAsync(cancellationToken);
        var rows = new List<TeamQuotaView>(teams.Count);
        foreach (var team in teams)
        {
            rows.Add(new TeamQuotaView(team.Team, QuotaLimits.Of(team.Quota), await usage.GetUsageAsync(team.Team.Id, cancellationToken),
                team.Quota?.UpdatedByName, team.Quota?.UpdatedAt));
        }

        var policy = await store.GetApprovalPolicyAsync(cancellationToken);
        return new PoliciesView(rows, AutoApprovalRule.Of(policy), policy?.UpdatedByName, policy?.UpdatedAt);
    }

    /// <summary>The team's usage now and after a request of the given footprint, against its quota.</summary>
    public async Task<QuotaCheck> CheckQuotaAsync(Guid teamId, QuotaUsage request, CancellationToken cancellationToken)
    {
        var quota = await store.GetQuotaAsync(teamId, cancellationToken);
        var current = await usage.GetUsageAsync(teamId, cancellationToken);
        return QuotaCheck.For(current, request, QuotaLimits.Of(quota));
    }

    public async Task<PolicyChangeResult> SetQuotaAsync(PortalUser user, Guid teamId, QuotaLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(limits);
        if (!IsAdmin(user))
        {
            await DeniedAsync(user, "Policy.SetQuota", "Team", teamId.ToString(), teamId, cancellationToken);
            return PolicyChangeResult.Refused(NotAnAdmin);
        }

        var report = ValidateQuota(limits);
        if (!report.IsValid)
        {
            return new PolicyChangeResult(report);
        }

        var before = QuotaLimits.Of(await store.GetQuotaAsync(teamId, cancellationToken));
        var actor = new Actor(user.Id, user.DisplayName);
        var audit = new AuditEvent(time.GetUtcNow(), actor, QuotaSetAction, "Team", teamId.ToString(), teamId, null, CorrelationId(),
            JsonSerializer.Serialize(new { before, after = limits }));
        if (!await store.SetQuotaAsync(teamId, limits, actor, audit, cancellationToken))
        {
            return PolicyChangeResult.Refused("That team does not exist (any more). Reload the page.");
        }

        LogQuotaSet(logger, teamId, user.Id);
        return PolicyChangeResult.Done;
    }

    public async Task<PolicyChangeResult> SetAutoApprovalAsync(PortalUser user, AutoApprovalRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(rule);
        if (!IsAdmin(user))
        {
            await DeniedAsync(user, "Policy.SetAutoApproval", "ApprovalPolicy", "auto-approval", null, cancellationToken);
            return PolicyChangeResult.Refused(NotAnAdmin);
        }

        var report = ValidateRule(rule);
        if (!report.IsValid)
        {
            return new PolicyChangeResult(report);
        }

        var before = AutoApprovalRule.Of(await store.GetApprovalPolicyAsync(cancellationToken));
        var actor = new Actor(user.Id, user.DisplayName);
        var audit = new AuditEvent(time.GetUtcNow(), actor, AutoApprovalSetAction, "ApprovalPolicy", "auto-approval", null, null, CorrelationId(),
            JsonSerializer.Serialize(new { before, after = rule }));
        await store.SetAutoApprovalAsync(rule, actor, audit, cancellationToken);
        LogAutoApprovalSet(logger, rule.Enabled, user.Id);
        return PolicyChangeResult.Done;
    }

    public static ValidationReport ValidateQuota(QuotaLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<ValidationProblem>();
        NotNegative(problems, Fields.MaxClusters, "Max clusters", limits.MaxClusters);
        NotNegative(problems, Fields.MaxTotalCores, "Total cores", limits.MaxTotalCores);
        NotNegative(problems, Fields.MaxTotalRamGb, "Total RAM", limits.MaxTotalRamGb);
        NotNegative(problems, Fields.MaxTotalStorageGb, "Total storage", limits.MaxTotalStorageGb);
        return new ValidationReport(problems);
    }

    public static ValidationReport ValidateRule(AutoApprovalRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var problems = new List<ValidationProblem>();
        InRange(problems, Fields.MaxCores, "Max cores per instance", rule.MaxCores, 1, CreateClusterRules.CoresMax);
        InRange(problems, Fields.MaxRamGb, "Max RAM per instance (GB)", rule.MaxRamGb, 1, CreateClusterRules.RamGbMax);
        InRange(problems, Fields.MaxInstances, "Max instances", rule.MaxInstances, 1, CreateClusterRules.InstancesMax);
        InRange(problems, Fields.MaxStorageGb, "Max storage per instance (GB)", rule.MaxStorageGb, 1, CreateClusterRules.StorageGbMax);
        return new ValidationReport(problems);
    }

    private static void NotNegative(List<ValidationProblem> problems, string field, string label, int? value)
    {
        if (value is < 0)
        {
            problems.Add(new ValidationProblem(field, $"{label} cannot be negative; you entered {value}. Leave it empty for no limit."));
        }
    }

    private static void InRange(List<ValidationProblem> problems, string field, string label, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add(new ValidationProblem(field, $"{label} must be between {min} and {max}; you entered {value}."));
        }
    }

    private Task DeniedAsync(PortalUser user, string operation, string targetType, string targetId, Guid? teamId, CancellationToken cancellationToken) =>
        denials?.RecordAsync(user, operation, targetType, targetId, teamId, null, $"role {PortalRoles.Admin}", cancellationToken) ?? Task.CompletedTask;

    private static string CorrelationId() => Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "Quota of team {TeamId} set by {UserId}")]
    private static partial void LogQuotaSet(ILogger logger, Guid teamId, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-approval rule set (enabled: {Enabled}) by {UserId}")]
    private static partial void LogAutoApprovalSet(ILogger logger, bool enabled, string userId);
}

/// <summary>The policies page: every team's quota and usage, and the auto-approval rule.</summary>
public sealed record PoliciesView(IReadOnlyList<TeamQuotaView> Teams, AutoApprovalRule AutoApproval, string? AutoApprovalSetBy, DateTimeOffset? AutoApprovalSetAt);

public sealed record TeamQuotaView(TeamOption Team, QuotaLimits Limits, QuotaUsage Usage, string? SetBy, DateTimeOffset? SetAt);

/// <summary>The outcome of a policy change: refused with the problems to show, or done.</summary>
public sealed record PolicyChangeResult(ValidationReport Report)
{
    public static PolicyChangeResult Done { get; } = new(ValidationReport.Valid);

    public bool Succeeded => Report.IsValid;

    /// <summary>The first general problem (authorization, a vanished team), or null.</summary>
    public string? Error => Report.FirstFor(ValidationProblem.General);

    public static PolicyChangeResult Refused(string message) => new(new ValidationReport([new ValidationProblem(ValidationProblem.General, message)]));
}
