using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Audit;
using Portal.Application.Clusters;
using Portal.Application.Domain;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Changes;

/// <summary>
/// Day-2 change of a cluster through the approval workflow: the form pre-filled from the cluster as the refresher last
/// saw it, with the live upgrade targets of its version; the submit validates again, checks that the person is a member
/// of the cluster's team, that the cluster is managed and still exists and that no other change of it is open, then
/// stores the request with its baseline, the re-entered password (encrypted) and the audit entry in one transaction, and
/// notifies like a create.
/// </summary>
public sealed partial class UpdateClusterService(
    IClusterReadStore clusters,
    ITeamDirectory teams,
    IIonosCatalog catalog,
    ISecretProtector secrets,
    IClusterRequestStore requests,
    IClusterChangeStore changes,
    TimeProvider time,
    ILogger<UpdateClusterService> logger,
    SubmissionApprovals? approvals = null,
    AccessDenials? denials = null)
{
    /// <summary>The form for one cluster, or the reason it cannot be changed.</summary>
    public async Task<UpdateClusterStart> StartAsync(PortalUser user, string region, string clusterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var (target, problem) = await FindAsync(user, region, clusterId, cancellationToken);
        if (target is null)
        {
            return new UpdateClusterStart(null, problem);
        }

        var (upgradeTargets, versionsError) = await UpgradeTargetsAsync(target.Region, target.Current.PostgresVersion, cancellationToken);
        var form = new UpdateClusterForm(
            target.Region,
            target.ClusterId,
            target.Current.Name,
            target.TeamName,
            target.State,
            target.Current,
            UpdateClusterDraft.From(target.Current),
            [target.Current.PostgresVersion, .. upgradeTargets ?? []],
            upgradeTargets,
            versionsError,
            target.CredentialsKnown);
        return new UpdateClusterStart(form, null);
    }

    /// <summary>The form's problems, as the page shows them while people type.</summary>
    public static ValidationReport Validate(UpdateClusterForm form, UpdateClusterDraft draft)
    {
        ArgumentNullException.ThrowIfNull(form);
        return UpdateClusterRules.Validate(draft, form.Current, form.UpgradeTargets);
    }

    /// <summary>What would change, field by field (the live preview).</summary>
    public static IReadOnlyList<FieldChange> Preview(UpdateClusterForm form, UpdateClusterDraft draft)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(draft);
        return ClusterChange.Between(form.Current, draft.ApplyTo(form.Current));
    }

    /// <summary>
    /// Validates against the cluster as stored now and the live upgrade targets, then stores the request (PendingApproval)
    /// with its baseline, encrypted password and audit entry together. On any problem nothing is saved.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(
        PortalUser user, string region, string clusterId, UpdateClusterDraft draft, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(draft);
        var (target, problem) = await FindAsync(user, region, clusterId, cancellationToken, "UpdateCluster.Submit");
        if (target is null)
        {
            return SubmitResult.Rejected(ValidationProblem.General, problem! + " Your change was not submitted.");
        }

        if (await ClusterChangeContext.OpenChangeRefusalAsync(changes, target.Cluster, cancellationToken) is { } open)
        {
            return SubmitResult.Rejected(ValidationProblem.General, open + " Your change was not submitted.");
        }

        var current = target.Current;
        var upgradeTargets = draft.PostgresVersion?.Trim() is { Length: > 0 } version && version != current.PostgresVersion
            ? (await UpgradeTargetsAsync(target.Region, current.PostgresVersion, cancellationToken)).Targets
            : [];
        var problems = new List<ValidationProblem>();
        problems.AddRange(UpdateClusterRules.Validate(draft, current, upgradeTargets).Problems);
        problems.AddRange(CreateClusterRules.ValidatePassword(password, confirmation).Problems);
        if (problems.Count > 0)
        {
            return SubmitResult.Rejected(new ValidationReport(problems));
        }

        var now = time.GetUtcNow();
        var actor = new Actor(user.Id, user.DisplayName);
        var desired = draft.ApplyTo(current);
        var request = ClusterRequest.SubmitUpdate(target.TeamId, target.Region, actor, target.ClusterId, current, desired, now);
        var autoApprove = approvals is not null && await approvals.AssessAsync(request, cancellationToken);
        var secret = new PendingSecret(request.Id, secrets.Protect(password!), now);
        var correlationId = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
        var audit = new AuditEvent(now, actor, CreateClusterService.SubmittedAction, "ClusterRequest", request.Id.ToString(), target.TeamId, target.Region,
            correlationId, AuditDetails(request));
        await requests.AddAsync(request, secret, audit, cancellationToken);
        LogSubmitted(logger, request.Id, target.ClusterId, target.Region);
        if (approvals is not null)
        {
            await approvals.AfterSubmitAsync(request, new TeamOption(target.TeamId, target.TeamSlug, target.TeamName), autoApprove, correlationId, cancellationToken);
        }

        return new SubmitResult(request.Id, ValidationReport.Valid);
    }

    /// <summary>
    /// The cluster to change, or why not (the checks every day-2 request shares); on submit (<c>deniedOperation</c> set)
    /// a refusal for not being in its team is recorded.
    /// </summary>
    private async Task<(ChangeTarget? Target, string? Problem)> FindAsync(
        PortalUser user, string region, string clusterId, CancellationToken cancellationToken, string? deniedOperation = null)
    {
        var (data, team, refusal) = await ClusterChangeContext.ResolveAsync(
            clusters, teams, user, region, clusterId, "change", cancellationToken, deniedOperation is null ? null : denials, deniedOperation);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        // The baseline shows an unknown retention as 0 (the form then asks for it), not the create default.
        var summary = data!.Summary;
        var current = ClusterChangeContext.ToSpec(data) with { RetentionDays = data.RetentionDays ?? 0 };
        var credentialsKnown = !string.IsNullOrWhiteSpace(data.Username) && !string.IsNullOrWhiteSpace(data.DatabaseName);
        return (new ChangeTarget(data, summary.Region, summary.ClusterId, team!.Id, team.Slug, team.DisplayName, summary.State, current, credentialsKnown), null);
    }

    private async Task<(IReadOnlyList<string>? Targets, string? Error)> UpgradeTargetsAsync(string region, string currentVersion, CancellationToken cancellationToken)
    {
        try
        {
            var versions = await catalog.GetVersionsAsync(region, cancellationToken);
            var current = versions.FirstOrDefault(v => v.Version == currentVersion);
            return (current?.CanUpgradeTo ?? [], null);
        }
        catch (IonosUnavailableException ex)
        {
            LogVersionsUnavailable(logger, region, ex.Reason);
            return (null, $"The PostgreSQL versions of {region} could not be loaded from IONOS ({ex.Reason}), so upgrades cannot be offered now. Every other change works.");
        }
    }

    private static string AuditDetails(ClusterRequest request) => JsonSerializer.Serialize(new
    {
        kind = request.Kind.ToString(),
        clusterId = request.TargetClusterId,
        name = request.ClusterName,
        changes = request.Changes().Select(c => new { field = c.Field.ToString(), before = c.Before, after = c.After }),
        password = "(re-entered, encrypted, not recorded)",
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Change request {RequestId} submitted for cluster {ClusterId} in {Region}")]
    private static partial void LogSubmitted(ILogger logger, Guid requestId, string clusterId, string region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PostgreSQL versions of {Region} could not be loaded for a change: {Reason}")]
    private static partial void LogVersionsUnavailable(ILogger logger, string region, string reason);

    private sealed record ChangeTarget(
        ClusterDetailsData Cluster,
        string Region, string ClusterId, Guid TeamId, string TeamSlug, string TeamName, ClusterState State, ClusterSpec Current, bool CredentialsKnown);
}

/// <summary>The change form for a cluster, or why the person cannot change it.</summary>
public sealed record UpdateClusterStart(UpdateClusterForm? Form, string? Problem);

/// <summary>
/// Everything the change form shows: the cluster's current values (<see cref="Current"/>, also the baseline), the
/// pre-filled draft, the versions to choose from (the current one and its upgrade targets).
/// </summary>
public sealed record UpdateClusterForm(
    string Region,
    string ClusterId,
    string Name,
    string TeamName,
    ClusterState State,
    ClusterSpec Current,
    UpdateClusterDraft Draft,
    IReadOnlyList<string> VersionChoices,
    IReadOnlyList<string>? UpgradeTargets,
    string? VersionsError,
    bool CredentialsKnown);
