using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Application.Requests.Approvals;

namespace Portal.Application.Requests.Create;

/// <summary>
/// The create wizard's use cases: options for each step, live checks, drafts, cost estimate, payload preview, and
/// the submit that validates everything again on the server, checks team membership, and stores the request (PendingApproval),
/// its encrypted password and the audit entry in one transaction. With <see cref="SubmissionApprovals"/> (registered by
/// <c>AddPortalApprovals</c>) a submit also marks the request over quota, may approve it by policy, and notifies.
/// </summary>
/// <remarks>
/// A new draft gets a random weekday daytime maintenance window: Monday to Friday, starting on the hour between 08:00:00
/// and 15:00:00 UTC, so the 4-hour window ends by 19:00 UTC. <paramref name="random"/> picks it (tests pass a seeded one;
/// not registered in DI, so the app uses <see cref="Random.Shared"/>).
/// </remarks>
public sealed partial class CreateClusterService(
    IIonosCatalog catalog,
    INetworkCatalog network,
    IClusterNameAvailability names,
    IWizardDraftStore drafts,
    ISecretProtector secrets,
    IClusterPayloadPreview payloads,
    ITeamDirectory teams,
    IClusterRequestStore requests,
    IRegionCatalog regions,
    IOptions<PricingOptions> pricing,
    IOptions<SizingPresetOptions> presets,
    TimeProvider time,
    ILogger<CreateClusterService> logger,
    SubmissionApprovals? approvals = null,
    AccessDenials? denials = null,
    Random? random = null)
{
    public const string SubmittedAction = "request.submitted";

    private readonly Random _random = random ?? Random.Shared;

    /// <summary>The teams, regions, presets and the person's draft (restored, or a new one with sensible defaults).</summary>
    public async Task<WizardStart> StartAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var myTeams = await teams.GetTeamsAsync(user, cancellationToken);
        var saved = await drafts.LoadAsync(user.Id, cancellationToken);
        var draft = saved ?? NewDraft(myTeams, regions.Regions);
        return new WizardStart(myTeams, regions.Regions, presets.Value.EffectivePresets, draft, saved is not null);
    }

    public Task<StepOptions<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken) =>
        LoadAsync(region, "backup locations", () => catalog.GetBackupLocationsAsync(region, cancellationToken), cancellationToken);

    public Task<StepOptions<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken) =>
        LoadAsync(region, "PostgreSQL versions", () => catalog.GetVersionsAsync(region, cancellationToken), cancellationToken);

    public Task<StepOptions<DatacenterOption>> GetDatacentersAsync(string region, CancellationToken cancellationToken) =>
        LoadAsync(region, "datacenters", () => network.GetDatacentersAsync(region, cancellationToken), cancellationToken);

    public Task<StepOptions<LanOption>> GetPrivateLansAsync(string region, string datacenterId, CancellationToken cancellationToken) =>
        LoadAsync(region, "private LANs", () => network.GetPrivateLansAsync(datacenterId, cancellationToken), cancellationToken);

    /// <summary>A step's problems, including the live name check on Basics.</summary>
    public async Task<ValidationReport> ValidateStepAsync(WizardStep step, CreateClusterDraft draft, WizardContext context, CancellationToken cancellationToken)
    {
        var report = CreateClusterRules.ValidateStep(step, draft, context);
        if (step is WizardStep.Basics or WizardStep.Review && report.FirstFor(DraftFields.Name) is null && report.FirstFor(DraftFields.Region) is null)
        {
            var nameProblem = await CheckNameAsync(draft.Region!, draft.Name, cancellationToken);
            if (nameProblem is not null)
            {
                return new ValidationReport([.. report.Problems, nameProblem]);
            }
        }

        return report;
    }

    public CostEstimate Estimate(CreateClusterDraft draft) =>
        CostEstimate.For(draft.Instances, draft.Cores, draft.RamGb, draft.StorageGb, pricing.Value);

    /// <summary>The JSON body that will be POSTed to IONOS, password masked.</summary>
    public string PreviewPayload(CreateClusterDraft draft) => payloads.RenderCreateBody(ToSpec(draft));

    /// <summary>What cannot be changed once the cluster exists, for the Review step.</summary>
    public static IReadOnlyList<string> FixedAfterCreation(CreateClusterDraft draft) =>
    [
        $"Region: {draft.Region}",
        $"Backup location: {draft.BackupLocation}",
        $"Network: datacenter {draft.DatacenterId}, LAN {draft.LanId}, address {draft.PrimaryInstanceAddress}",
        $"Initial database name: {draft.DatabaseName} and the username {draft.Username}",
        "PostgreSQL version can only be upgraded (never downgraded); storage can only grow",
    ];

    public Task SaveDraftAsync(PortalUser user, CreateClusterDraft draft, CancellationToken cancellationToken) =>
        drafts.SaveAsync(user.Id, draft, cancellationToken);

    public Task DiscardDraftAsync(PortalUser user, CancellationToken cancellationToken) =>
        drafts.DeleteAsync(user.Id, cancellationToken);

    /// <summary>
    /// Validates everything again against fresh IONOS lists, checks the person is a member of the team, then stores the
    /// request, its encrypted password and the audit entry together. On any problem nothing is saved.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(PortalUser user, CreateClusterDraft draft, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(draft);
        var myTeams = await teams.GetTeamsAsync(user, cancellationToken);
        if (myTeams.Count == 0)
        {
            await DeniedAsync(user, draft, "membership of a team", cancellationToken);
            return SubmitResult.Rejected(DraftFields.Team, "You are not a member of any team, so you cannot order a cluster. Ask an admin to add you to a team.");
        }

        // Team and region first, with the rules' own messages: everything after needs a valid region.
        var basics = CreateClusterRules.ValidateStep(WizardStep.Basics, draft, new WizardContext(myTeams, regions.Regions));
        var team = myTeams.FirstOrDefault(t => t.Slug == draft.TeamSlug);
        if (team is null && !string.IsNullOrWhiteSpace(draft.TeamSlug))
        {
            // A team the person is not in: a denial, not a typo (the form only offers their own teams).
            await DeniedAsync(user, draft, $"membership of team {draft.TeamSlug.Trim()}", cancellationToken);
        }

        if (team is null || draft.Region is null || !regions.IsKnown(draft.Region))
        {
            return SubmitResult.Rejected(basics);
        }

        var versions = await GetVersionsAsync(draft.Region, cancellationToken);
        var locations = await GetBackupLocationsAsync(draft.Region, cancellationToken);
        if (!versions.IsLoaded || !locations.IsLoaded)
        {
            return SubmitResult.Rejected(ValidationProblem.General, (versions.Error ?? locations.Error) + " Your request was not submitted; nothing you entered is lost.");
        }

        var context = new WizardContext(myTeams, regions.Regions, locations.Items, versions.Items);
        var problems = new List<ValidationProblem>();
        problems.AddRange(CreateClusterRules.ValidateAll(draft, context).Problems);
        problems.AddRange(CreateClusterRules.ValidatePassword(password, confirmation).Problems);
        if (problems.Count == 0)
        {
            problems.AddRange(await CheckNetworkAsync(draft, cancellationToken));
            if (await CheckNameAsync(draft.Region, draft.Name, cancellationToken) is { } nameProblem)
            {
                problems.Add(nameProblem);
            }
        }

        if (problems.Count > 0)
        {
            return SubmitResult.Rejected(new ValidationReport(problems));
        }

        var now = time.GetUtcNow();
        var actor = new Actor(user.Id, user.DisplayName);
        var spec = ToSpec(draft);
        var request = ClusterRequest.SubmitCreate(team.Id, draft.Region, actor, spec, now);
        var autoApprove = approvals is not null && await approvals.AssessAsync(request, cancellationToken);
        var secret = new PendingSecret(request.Id, secrets.Protect(password!), now);
        var correlationId = CorrelationId();
        var audit = new AuditEvent(now, actor, SubmittedAction, "ClusterRequest", request.Id.ToString(), team.Id, draft.Region,
            correlationId, AuditDetails(request, spec));
        await requests.AddAsync(request, secret, audit, cancellationToken);
        try
        {
            await drafts.DeleteAsync(user.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The request is stored: report success so nobody submits twice; a stale draft is harmless.
            LogDraftNotDeleted(logger, request.Id, ex.GetType().Name);
        }

        LogSubmitted(logger, request.Id, team.Slug, draft.Region);
        if (approvals is not null)
        {
            await approvals.AfterSubmitAsync(request, team, autoApprove, correlationId, cancellationToken);
        }

        return new SubmitResult(request.Id, ValidationReport.Valid);
    }

    /// <summary>A draft as the request's desired spec (never a password).</summary>
    public static ClusterSpec ToSpec(CreateClusterDraft draft) => new()
    {
        Name = draft.Name?.Trim() ?? "",
        Description = string.IsNullOrWhiteSpace(draft.Description) ? null : draft.Description.Trim(),
        PostgresVersion = draft.PostgresVersion ?? "",
        Instances = draft.Instances,
        Cores = draft.Cores,
        RamGb = draft.RamGb,
        StorageGb = draft.StorageGb,
        ReplicationMode = draft.ReplicationMode,
        ConnectionPooler = draft.ConnectionPooler,
        DatacenterId = draft.DatacenterId?.Trim() ?? "",
        LanId = draft.LanId?.Trim() ?? "",
        PrimaryInstanceAddress = draft.PrimaryInstanceAddress?.Trim() ?? "",
        MaintenanceDay = draft.MaintenanceDay ?? DayOfWeek.Sunday,
        MaintenanceTime = TimeOnly.TryParseExact(draft.MaintenanceTime, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ? start : default,
        BackupLocation = draft.BackupLocation ?? "",
        RetentionDays = draft.RetentionDays,
        Username = draft.Username?.Trim() ?? "",
        DatabaseName = draft.DatabaseName?.Trim() ?? "",
    };

    /// <summary>The 4-hour window from a UTC start, in UTC and in the person's time zone.</summary>
    public MaintenanceWindowView DescribeWindow(DayOfWeek day, string startUtc, TimeZoneInfo zone)
    {
        if (!TimeOnly.TryParseExact(startUtc, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return new MaintenanceWindowView("—", "—", zone.Id);
        }

        // Anchor on the coming occurrence of that weekday so daylight saving time is the one that will apply.
        var today = time.GetUtcNow().UtcDateTime.Date;
        var daysAhead = ((int)day - (int)today.DayOfWeek + 7) % 7;
        var utcStart = new DateTimeOffset(today.AddDays(daysAhead).Add(start.ToTimeSpan()), TimeSpan.Zero);
        var utcEnd = utcStart.AddHours(4);
        var localStart = TimeZoneInfo.ConvertTime(utcStart, zone);
        var localEnd = TimeZoneInfo.ConvertTime(utcEnd, zone);
        return new MaintenanceWindowView(
            $"{utcStart:dddd HH:mm}–{utcEnd:HH:mm} UTC",
            $"{localStart:dddd HH:mm}–{localEnd:HH:mm}",
            zone.Id);
    }

    private CreateClusterDraft NewDraft(IReadOnlyList<TeamOption> myTeams, IReadOnlyList<string> configuredRegions) => new()
    {
        TeamSlug = myTeams.Count == 1 ? myTeams[0].Slug : null,
        Region = configuredRegions.Count > 0 ? configuredRegions[0] : null,
        // A random weekday daytime slot (UTC), so not every cluster is maintained at the same moment.
        MaintenanceDay = (DayOfWeek)_random.Next(1, 6),
        MaintenanceTime = $"{_random.Next(8, 16):00}:00:00",
    };

    private async Task<ValidationProblem?> CheckNameAsync(string region, string name, CancellationToken cancellationToken)
    {
        try
        {
            var availability = await names.CheckAsync(region, name.Trim(), cancellationToken);
            return availability.IsAvailable ? null : new ValidationProblem(DraftFields.Name, availability.Reason ?? "This name is already taken; choose another one.");
        }
        catch (IonosUnavailableException ex)
        {
            return new ValidationProblem(DraftFields.Name, $"Could not check whether the name is free: {ex.Reason}. Try again in a moment.");
        }
    }

    /// <summary>When the Cloud API answers, the datacenter must be in the region and the LAN private; when it does not, the validated manual entry stands.</summary>
    private async Task<IReadOnlyList<ValidationProblem>> CheckNetworkAsync(CreateClusterDraft draft, CancellationToken cancellationToken)
    {
        var datacenters = await GetDatacentersAsync(draft.Region!, cancellationToken);
        if (!datacenters.IsLoaded)
        {
            return [];
        }

        var datacenterId = draft.DatacenterId?.Trim();
        var lanId = draft.LanId?.Trim();
        if (!datacenters.Items.Any(d => string.Equals(d.Id, datacenterId, StringComparison.OrdinalIgnoreCase)))
        {
            return [new ValidationProblem(DraftFields.DatacenterId, $"Datacenter {draft.DatacenterId} is not one of your datacenters in {draft.Region}. Pick one from the list.")];
        }

        var lans = await GetPrivateLansAsync(draft.Region!, datacenterId!, cancellationToken);
        if (lans.IsLoaded && !lans.Items.Any(l => l.Id == lanId))
        {
            return [new ValidationProblem(DraftFields.LanId, $"LAN {draft.LanId} is not a private LAN of that datacenter. Pick a private LAN from the list.")];
        }

        return [];
    }

    private async Task<StepOptions<T>> LoadAsync<T>(string region, string what, Func<Task<IReadOnlyList<T>>> load, CancellationToken cancellationToken)
    {
        regions.EnsureKnown(region);
        try
        {
            return StepOptions.Loaded(await load());
        }
        catch (IonosUnavailableException ex)
        {
            LogOptionsUnavailable(logger, what, region, ex.Reason);
            return StepOptions.Unavailable<T>($"The {what} of {region} could not be loaded from IONOS: {ex.Reason}. Press Retry; nothing you entered is lost.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StepOptions.Unavailable<T>($"Loading the {what} of {region} took too long. Press Retry; nothing you entered is lost.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogOptionsUnavailable(logger, what, region, ex.GetType().Name);
            return StepOptions.Unavailable<T>($"The {what} of {region} could not be loaded. Press Retry; nothing you entered is lost.");
        }
    }

    private Task DeniedAsync(PortalUser user, CreateClusterDraft draft, string missing, CancellationToken cancellationToken) =>
        denials?.RecordAsync(user, "CreateCluster.Submit", "Team", string.IsNullOrWhiteSpace(draft.TeamSlug) ? "(none)" : draft.TeamSlug.Trim(),
            null, regions.IsKnown(draft.Region ?? "") ? draft.Region : null, missing, cancellationToken) ?? Task.CompletedTask;

    private static string CorrelationId() => Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");

    private static string AuditDetails(ClusterRequest request, ClusterSpec spec) => JsonSerializer.Serialize(new
    {
        kind = request.Kind.ToString(),
        name = spec.Name,
        version = spec.PostgresVersion,
        instances = spec.Instances,
        cores = spec.Cores,
        ramGb = spec.RamGb,
        storageGb = spec.StorageGb,
        replicationMode = spec.ReplicationMode.ToString(),
        backupLocation = spec.BackupLocation,
        datacenterId = spec.DatacenterId,
        lanId = spec.LanId,
        username = spec.Username,
        database = spec.DatabaseName,
        overQuota = request.OverQuota,
        password = "(encrypted, not recorded)",
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster request {RequestId} submitted for team {Team} in {Region}")]
    private static partial void LogSubmitted(ILogger logger, Guid requestId, string team, string region);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} was stored but the draft could not be deleted ({ErrorType})")]
    private static partial void LogDraftNotDeleted(ILogger logger, Guid requestId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {What} of {Region} could not be loaded: {Reason}")]
    private static partial void LogOptionsUnavailable(ILogger logger, string what, string region, string reason);
}
