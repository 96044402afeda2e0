using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Portal.Application.Audit;
using Portal.Application.Clusters;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Changes;

/// <summary>What the restore form holds (never the password).</summary>
public sealed class RestoreClusterDraft
{
    public string Region { get; set; } = "";

    public string SourceClusterId { get; set; } = "";

    public string BackupId { get; set; } = "";

    /// <summary>The new cluster's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The point in time to restore to (UTC).</summary>
    public DateTimeOffset? RecoveryTargetTime { get; set; }

    /// <summary>The new cluster's primary instance address (CIDR), in the source cluster's LAN.</summary>
    public string? PrimaryInstanceAddress { get; set; }

    public string Username { get; set; } = "";

    public string DatabaseName { get; set; } = "";
}

/// <summary>The restore form's start: the source cluster, the backup, and a draft with defaults.</summary>
public sealed record RestoreStart(ClusterDetailsData Source, BackupView Backup, RestoreClusterDraft Draft, ClusterSpec CopiedSpec);

/// <summary>
/// Restore a backup into a NEW cluster: a team member of the source cluster picks a point in time within the backup's
/// recovery window, a new unique name, a new address and a password; everything else is copied from the source. The
/// request is a <see cref="ClusterRequestKind.Restore"/> reviewed and approved like any create, executed as a POST with
/// <c>restoreFromBackup</c>.
/// </summary>
public sealed partial class RestoreClusterService(
    IClusterReadStore clusters,
    ITeamDirectory teams,
    IBackupCatalog backups,
    IClusterNameAvailability names,
    ISecretProtector secrets,
    IClusterRequestStore requests,
    IRegionCatalog regions,
    TimeProvider time,
    ILogger<RestoreClusterService> logger,
    SubmissionApprovals? approvals = null,
    AccessDenials? denials = null)
{
    public const string RecoveryTimeField = "RecoveryTargetTime";
    public const string BackupField = "Backup";

    /// <summary>Problems about the source cluster itself (not a field of the form).</summary>
    public const string ClusterField = ClusterChangeContext.ClusterField;

    /// <summary>The form for restoring <paramref name="backupId"/> of a cluster, or the reason it cannot be offered.</summary>
    public async Task<(RestoreStart? Start, string? Refusal)> StartAsync(PortalUser user, string region, string clusterId, string backupId, CancellationToken cancellationToken)
    {
        var (cluster, _, refusal) = await ClusterChangeContext.ResolveAsync(clusters, teams, user, region, clusterId, "restore", cancellationToken);
        if (refusal is not null && cluster?.Summary.VanishedAt is null)
        {
            return (null, refusal);
        }

        if (cluster is null || cluster.Summary.TeamId is null)
        {
            return (null, refusal);
        }

        var (backup, backupRefusal) = await LoadBackupAsync(cluster, backupId, cancellationToken);
        if (backup is null)
        {
            return (null, backupRefusal);
        }

        var now = time.GetUtcNow();
        var latest = backup.LatestAsOf(now);
        var draft = new RestoreClusterDraft
        {
            Region = cluster.Summary.Region,
            SourceClusterId = cluster.Summary.ClusterId,
            BackupId = backup.Id,
            Name = $"{cluster.Summary.Name}-restored",
            RecoveryTargetTime = new DateTimeOffset(latest.UtcDateTime.Ticks - (latest.UtcDateTime.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero),
            Username = cluster.Username ?? "",
            DatabaseName = cluster.DatabaseName ?? "",
        };
        return (new RestoreStart(cluster, backup, draft, ClusterChangeContext.ToSpec(cluster)), null);
    }

    /// <summary>The form's problems without the password (live, as people type); with <paramref name="checkName"/> also whether the name is free.</summary>
    public async Task<ValidationReport> ValidateAsync(RestoreClusterDraft draft, ClusterDetailsData source, BackupView backup, bool checkName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(backup);
        var problems = new List<ValidationProblem>();
        var asCreate = AsCreateDraft(draft, source);
        var context = new WizardContext([], regions.Regions);

        // The wizard's own rules for the fields the restore form asks for.
        problems.AddRange(CreateClusterRules.ValidateStep(WizardStep.Basics, asCreate, context).Problems.Where(p => p.Field == DraftFields.Name));
        problems.AddRange(CreateClusterRules.ValidateStep(WizardStep.Network, asCreate, context).Problems.Where(p => p.Field == DraftFields.PrimaryInstanceAddress));
        problems.AddRange(CreateClusterRules.ValidateStep(WizardStep.Credentials, asCreate, context).Problems);
        if (problems.All(p => p.Field != DraftFields.PrimaryInstanceAddress)
            && string.Equals(AddressOnly(draft.PrimaryInstanceAddress), AddressOnly(source.PrimaryInstanceAddress), StringComparison.Ordinal))
        {
            problems.Add(new(DraftFields.PrimaryInstanceAddress,
                $"{draft.PrimaryInstanceAddress!.Trim()} is the source cluster's address; the restored cluster needs a free address in the same LAN."));
        }

        if (CheckRecoveryTime(draft.RecoveryTargetTime, backup, time.GetUtcNow()) is { } timeProblem)
        {
            problems.Add(timeProblem);
        }

        if (checkName && problems.All(p => p.Field != DraftFields.Name))
        {
            try
            {
                var availability = await names.CheckAsync(source.Summary.Region, draft.Name.Trim(), cancellationToken);
                if (!availability.IsAvailable)
                {
                    problems.Add(new(DraftFields.Name, availability.Reason ?? "This name is already taken; choose another one."));
                }
            }
            catch (IonosUnavailableException ex)
            {
                problems.Add(new(DraftFields.Name, $"Could not check whether the name is free: {ex.Reason}. Try again in a moment."));
            }
        }

        return new ValidationReport(problems);
    }

    /// <summary>The recovery time must lie after the backup's earliest and not after its latest recovery time (now, while it has none).</summary>
    public static ValidationProblem? CheckRecoveryTime(DateTimeOffset? target, BackupView backup, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(backup);
        var latest = backup.LatestAsOf(now);
        var window = backup.EarliestRecoveryTime is { } earliest
            ? $"after {Utc(earliest)} and at the latest {Utc(latest)}{(backup.LatestRecoveryTime is null ? " (now)" : "")}"
            : $"at the latest {Utc(latest)}";
        if (target is not { } value)
        {
            return new(RecoveryTimeField, $"Choose the point in time to restore to: {window}.");
        }

        if ((backup.EarliestRecoveryTime is { } from && value <= from) || value > latest)
        {
            return new(RecoveryTimeField, $"{Utc(value)} is outside this backup's recovery window; choose a time {window}.");
        }

        return null;
    }

    public async Task<SubmitResult> SubmitAsync(PortalUser user, RestoreClusterDraft draft, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(draft);
        var (source, team, refusal) = await ClusterChangeContext.ResolveAsync(
            clusters, teams, user, draft.Region, draft.SourceClusterId, "restore", cancellationToken, denials, "RestoreCluster.Submit");
        if (source is null || team is null)
        {
            return SubmitResult.Rejected(ClusterChangeContext.ClusterField, refusal ?? "There is no such cluster.");
        }

        var (backup, backupRefusal) = await LoadBackupAsync(source, draft.BackupId, cancellationToken);
        if (backup is null)
        {
            return SubmitResult.Rejected(BackupField, backupRefusal + " Your request was not submitted; nothing you entered is lost.");
        }

        var problems = new List<ValidationProblem>();
        problems.AddRange(CreateClusterRules.ValidatePassword(password, confirmation).Problems);
        problems.AddRange((await ValidateAsync(draft, source, backup, checkName: true, cancellationToken)).Problems);
        if (problems.Count > 0)
        {
            return SubmitResult.Rejected(new ValidationReport(problems));
        }

        var now = time.GetUtcNow();
        var actor = new Actor(user.Id, user.DisplayName);
        var spec = ClusterChangeContext.ToSpec(source) with
        {
            Name = draft.Name.Trim(),
            Description = $"Restored from {source.Summary.Name} at {Utc(draft.RecoveryTargetTime!.Value)}",
            PrimaryInstanceAddress = draft.PrimaryInstanceAddress!.Trim(),
            Username = draft.Username.Trim(),
            DatabaseName = draft.DatabaseName.Trim(),
            RestoreSourceBackupId = backup.Id,
            RecoveryTargetTime = draft.RecoveryTargetTime,
        };
        var request = ClusterRequest.SubmitRestore(team.Id, source.Summary.Region, actor, spec, now);
        var autoApprove = approvals is not null && await approvals.AssessAsync(request, cancellationToken);
        var secret = new PendingSecret(request.Id, secrets.Protect(password!), now);
        var correlationId = ClusterChangeContext.CorrelationId();
        var details = JsonSerializer.Serialize(new
        {
            kind = request.Kind.ToString(),
            name = spec.Name,
            sourceClusterId = source.Summary.ClusterId,
            sourceBackupId = backup.Id,
            recoveryTargetTime = Utc(draft.RecoveryTargetTime.Value),
            version = spec.PostgresVersion,
            instances = spec.Instances,
            cores = spec.Cores,
            ramGb = spec.RamGb,
            storageGb = spec.StorageGb,
            primaryInstanceAddress = spec.PrimaryInstanceAddress,
            overQuota = request.OverQuota,
            password = "(encrypted, not recorded)",
        });
        var audit = new AuditEvent(now, actor, CreateClusterService.SubmittedAction, "ClusterRequest", request.Id.ToString(), team.Id,
            request.Region, correlationId, details);
        await requests.AddAsync(request, secret, audit, cancellationToken);
        LogSubmitted(logger, request.Id, source.Summary.ClusterId, backup.Id);
        if (approvals is not null)
        {
            await approvals.AfterSubmitAsync(request, team, autoApprove, correlationId, cancellationToken);
        }

        return new SubmitResult(request.Id, ValidationReport.Valid);
    }

    private async Task<(BackupView? Backup, string? Refusal)> LoadBackupAsync(ClusterDetailsData cluster, string backupId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(backupId))
        {
            return (null, "Choose a backup of the cluster to restore from.");
        }

        BackupView? backup;
        try
        {
            backup = await backups.GetAsync(cluster.Summary.Region, backupId.Trim(), cancellationToken);
        }
        catch (IonosUnavailableException ex)
        {
            return (null, $"The backup could not be read from IONOS: {ex.Reason}. Try again in a moment.");
        }

        if (backup is null || !string.Equals(backup.ClusterId, cluster.Summary.ClusterId, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"Backup {backupId} is not a backup of cluster '{cluster.Summary.Name}'. Pick one from the cluster's backup list.");
        }

        return (backup, null);
    }

    private static CreateClusterDraft AsCreateDraft(RestoreClusterDraft draft, ClusterDetailsData source) => new()
    {
        Name = draft.Name,
        Region = source.Summary.Region,
        DatacenterId = source.DatacenterId,
        LanId = source.LanId,
        PrimaryInstanceAddress = draft.PrimaryInstanceAddress,
        Username = draft.Username,
        DatabaseName = draft.DatabaseName,
    };

    private static string? AddressOnly(string? cidr) => cidr?.Trim().Split('/')[0];

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restore request {RequestId} submitted from cluster {ClusterId}, backup {BackupId}")]
    private static partial void LogSubmitted(ILogger logger, Guid requestId, string clusterId, string backupId);
}
