using System.Globalization;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Requests.Create;

namespace Portal.Web.Components.Wizard;

/// <summary>
/// The create wizard's state while someone fills it in: the draft, the password (never in the draft), the options
/// each step loaded, and the problems to show. Every rule and every IONOS call goes through <see cref="CreateClusterService"/>;
/// this class only decides when to call it and what to show.
/// </summary>
/// <remarks>
/// While someone types, the pure rules run on every keystroke; after a pause of <see cref="TypingPause"/> (measured
/// with the injected <see cref="TimeProvider"/>, so tests advance a fake clock instead of sleeping) the full check
/// runs, including the name lookup, and the draft is saved. Selects, switches and buttons check and save at once, and
/// every step change saves. Saves never overlap: a change made while one is running is saved right after it.
/// </remarks>
public sealed class WizardState(CreateClusterService service, PortalUser user, TimeProvider time) : IDisposable
{
    /// <summary>How long typing must pause before the full check (with the IONOS name lookup) and the draft save run.</summary>
    public static readonly TimeSpan TypingPause = TimeSpan.FromMilliseconds(400);

    public const int StepCount = 8;

    /// <summary>The switch between the pickers and manual entry on the network step (not a validated field).</summary>
    public const string ManualNetworkEntryField = nameof(CreateClusterDraft.ManualNetworkEntry);

    private static readonly Dictionary<string, WizardStep> FieldSteps = new()
    {
        [DraftFields.Name] = WizardStep.Basics,
        [DraftFields.Description] = WizardStep.Basics,
        [DraftFields.Team] = WizardStep.Basics,
        [DraftFields.Region] = WizardStep.Basics,
        [DraftFields.BackupLocation] = WizardStep.BackupLocation,
        [DraftFields.RetentionDays] = WizardStep.BackupLocation,
        [DraftFields.PostgresVersion] = WizardStep.Version,
        [DraftFields.Instances] = WizardStep.Sizing,
        [DraftFields.Cores] = WizardStep.Sizing,
        [DraftFields.RamGb] = WizardStep.Sizing,
        [DraftFields.StorageGb] = WizardStep.Sizing,
        [DraftFields.ReplicationMode] = WizardStep.Sizing,
        [DraftFields.ConnectionPooler] = WizardStep.Sizing,
        [DraftFields.DatacenterId] = WizardStep.Network,
        [DraftFields.LanId] = WizardStep.Network,
        [DraftFields.PrimaryInstanceAddress] = WizardStep.Network,
        [DraftFields.MaintenanceDay] = WizardStep.MaintenanceWindow,
        [DraftFields.MaintenanceTime] = WizardStep.MaintenanceWindow,
        [DraftFields.Username] = WizardStep.Credentials,
        [DraftFields.DatabaseName] = WizardStep.Credentials,
        [DraftFields.Password] = WizardStep.Credentials,
        [DraftFields.PasswordConfirmation] = WizardStep.Credentials,
    };

    private readonly HashSet<string> _touched = [];
    private ValidationReport _report = ValidationReport.Valid;
    private bool _showAllProblems;
    private int _validationRun;
    private Task? _saving;
    private bool _saveAgain;
    private CancellationTokenSource? _typing;

    public CreateClusterDraft Draft { get; private set; } = new();

    public IReadOnlyList<TeamOption> Teams { get; private set; } = [];

    public IReadOnlyList<string> Regions { get; private set; } = [];

    public IReadOnlyList<SizingPreset> Presets { get; private set; } = [];

    public bool IsStarted { get; private set; }

    public bool DraftRestored { get; private set; }

    /// <summary>The furthest step reached with every step before it valid; steps up to it can be revisited.</summary>
    public int FurthestStep { get; private set; }

    public StepOptions<BackupLocationOffering>? BackupLocations { get; private set; }

    public StepOptions<PostgresVersionOffering>? Versions { get; private set; }

    public StepOptions<DatacenterOption>? Datacenters { get; private set; }

    public StepOptions<LanOption>? Lans { get; private set; }

    public string? Password { get; set; }

    public string? PasswordConfirmation { get; set; }

    public bool IsSubmitting { get; private set; }

    /// <summary>Problems from the last submit, for the summary on Review (empty after a change fixes nothing yet).</summary>
    public IReadOnlyList<ValidationProblem> SubmitProblems { get; private set; } = [];

    /// <summary>Set when saving the draft failed; the wizard goes on, the person is told.</summary>
    public string? DraftSaveError { get; private set; }

    /// <summary>Said once when replication had to fall back to asynchronous because fewer than 3 instances were chosen.</summary>
    public string? ReplicationNotice { get; private set; }

    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>
    /// Runs work that starts outside an event handler (the end of a typing pause) on the component's dispatcher and
    /// re-renders; set by the page to its <c>InvokeAsync</c>.
    /// </summary>
    public Func<Func<Task>, Task> Dispatch { get; set; } = work => work();

    public WizardStep CurrentStep => (WizardStep)Draft.CurrentStep;

    public bool CurrentStepHasShownProblems => _report.Problems.Any(p => IsShown(p.Field));

    public WizardContext Context => new(
        Teams,
        Regions,
        BackupLocations is { IsLoaded: true } locations ? locations.Items : null,
        Versions is { IsLoaded: true } versions ? versions.Items : null);

    public CostEstimate Estimate => service.Estimate(Draft);

    public IReadOnlyList<PasswordRequirement> PasswordChecklist => CreateClusterRules.CheckPassword(Password);

    public PostgresVersionOffering? SelectedVersion =>
        Versions?.Items.FirstOrDefault(v => v.Version == Draft.PostgresVersion);

    public MaintenanceWindowView? Window =>
        Draft.MaintenanceDay is { } day && !string.IsNullOrWhiteSpace(Draft.MaintenanceTime)
            ? service.DescribeWindow(day, Draft.MaintenanceTime, TimeZone)
            : null;

    public void DraftRestoredSeen() => DraftRestored = false;

    public static WizardStep StepOf(string field) => FieldSteps.GetValueOrDefault(field, WizardStep.Review);

    public static string TitleOf(WizardStep step) => step switch
    {
        WizardStep.Basics => "Basics",
        WizardStep.BackupLocation => "Backups",
        WizardStep.Version => "Version",
        WizardStep.Sizing => "Sizing",
        WizardStep.Network => "Network",
        WizardStep.MaintenanceWindow => "Maintenance",
        WizardStep.Credentials => "Credentials",
        _ => "Review",
    };

    /// <summary>The first problem to show under a field: only for fields the person changed, or all after Next or Submit.</summary>
    public string? ProblemFor(string field) => IsShown(field) ? _report.FirstFor(field) : null;

    public bool HasProblem(string field) => ProblemFor(field) is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = await service.StartAsync(user, cancellationToken);
        Teams = start.Teams;
        Regions = start.Regions;
        Presets = start.Presets;
        Draft = start.Draft;
        DraftRestored = start.DraftRestored;
        Draft.CurrentStep = Math.Clamp(Draft.CurrentStep, 0, StepCount - 1);
        FurthestStep = Draft.CurrentStep;
        ResetProblems();
        IsStarted = true;
        await LoadOptionsAsync(cancellationToken);
        if (DraftRestored && Draft.CurrentStep > 0)
        {
            // Say what is wrong with the restored step straight away, so the person sees where they stopped.
            _showAllProblems = true;
            await ValidateAsync(cancellationToken);
        }
    }

    /// <summary>Forgets the draft and starts a fresh wizard.</summary>
    public async Task StartOverAsync(CancellationToken cancellationToken)
    {
        await service.DiscardDraftAsync(user, cancellationToken);
        BackupLocations = null;
        Versions = null;
        Datacenters = null;
        Lans = null;
        Password = null;
        PasswordConfirmation = null;
        SubmitProblems = [];
        ReplicationNotice = null;
        await StartAsync(cancellationToken);
        DraftRestored = false;
    }

    /// <summary>A field changed: check the step again (live) and keep the draft.</summary>
    public async Task FieldChangedAsync(string field, CancellationToken cancellationToken)
    {
        _touched.Add(field);
        switch (field)
        {
            case DraftFields.Region:
                BackupLocations = null;
                Versions = null;
                Datacenters = null;
                Lans = null;
                break;
            case DraftFields.Instances:
            case DraftFields.Cores:
            case DraftFields.RamGb:
            case DraftFields.StorageGb:
                KeepPresetOnlyIfItStillMatches();
                break;
            case DraftFields.DatacenterId:
                Lans = null;
                await LoadLansAsync(cancellationToken);
                break;
            case ManualNetworkEntryField:
                await LoadOptionsAsync(cancellationToken);
                break;
        }

        if (field == DraftFields.Instances)
        {
            FallBackFromStrictReplicationIfNeeded();
        }

        await ValidateAsync(cancellationToken);
        if (field is not DraftFields.Password and not DraftFields.PasswordConfirmation)
        {
            await SaveDraftAsync(cancellationToken);
        }
    }

    /// <summary>
    /// A keystroke in a text field: the pure rules answer at once; the full check (name lookup) and the draft save wait
    /// until typing pauses for <see cref="TypingPause"/>.
    /// </summary>
    public void FieldTyped(string field, CancellationToken cancellationToken)
    {
        _touched.Add(field);
        ++_validationRun;
        _report = QuickReport();
        CancelTypingPause();
        _typing = new CancellationTokenSource();
        _ = AfterTypingPauseAsync(field, _typing.Token, cancellationToken);
    }

    public async Task ApplyPresetAsync(SizingPreset preset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preset);
        Draft.Preset = preset.Name;
        Draft.Instances = preset.Instances;
        Draft.Cores = preset.Cores;
        Draft.RamGb = preset.RamGb;
        Draft.StorageGb = preset.StorageGb;
        FallBackFromStrictReplicationIfNeeded();
        _touched.UnionWith([DraftFields.Instances, DraftFields.Cores, DraftFields.RamGb, DraftFields.StorageGb]);
        await ValidateAsync(cancellationToken);
        await SaveDraftAsync(cancellationToken);
    }

    public async Task GeneratePasswordAsync(CancellationToken cancellationToken)
    {
        Password = PasswordGenerator.Generate();
        PasswordConfirmation = Password;
        _touched.UnionWith([DraftFields.Password, DraftFields.PasswordConfirmation]);
        await ValidateAsync(cancellationToken);
    }

    /// <summary>Checks the current step; moves on only when it has no problems. False (with every problem shown) otherwise.</summary>
    /// <remarks>
    /// Next decides on its own check of the draft as it is when that check ends. A change that lands while Next's check
    /// waits (a select's value, which MudSelect hands over only after closing its menu, or another check waiting on the
    /// name lookup) starts a newer check, and the newer check wins: Next then used to decide on the report from before the
    /// change, stayed on the step, and showed nothing once the change's own check found it valid. It checks again instead.
    /// </remarks>
    public async Task<bool> NextAsync(CancellationToken cancellationToken)
    {
        CancelTypingPause();
        _showAllProblems = true;
        while (!await ValidateAsync(cancellationToken))
        {
            // A newer check started while this one ran; its change is in the draft now, so check again.
        }

        if (!_report.IsValid || Draft.CurrentStep >= StepCount - 1)
        {
            return false;
        }

        await GoToAsync(Draft.CurrentStep + 1, cancellationToken);
        FurthestStep = Math.Max(FurthestStep, Draft.CurrentStep);
        return true;
    }

    public Task BackAsync(CancellationToken cancellationToken) =>
        Draft.CurrentStep > 0 ? GoToAsync(Draft.CurrentStep - 1, cancellationToken) : Task.CompletedTask;

    /// <summary>Opens a step already reached (for "Edit" on Review and the problems summary).</summary>
    public async Task GoToAsync(int step, CancellationToken cancellationToken)
    {
        CancelTypingPause();
        if (step < 0 || step > Math.Max(FurthestStep, Draft.CurrentStep + 1) || step >= StepCount)
        {
            return;
        }

        Draft.CurrentStep = step;
        ResetProblems();
        await LoadOptionsAsync(cancellationToken);
        if (SubmitProblems.Count > 0)
        {
            // Coming back to fix what the submit refused: show those problems straight away.
            _showAllProblems = true;
        }

        await ValidateAsync(cancellationToken);
        await SaveDraftAsync(cancellationToken);
    }

    /// <summary>Loads again what the current step could not load; everything entered stays.</summary>
    public async Task RetryAsync(CancellationToken cancellationToken)
    {
        switch (CurrentStep)
        {
            case WizardStep.BackupLocation:
                BackupLocations = null;
                break;
            case WizardStep.Version:
                Versions = null;
                break;
            case WizardStep.Network:
                Datacenters = null;
                Lans = null;
                break;
        }

        await LoadOptionsAsync(cancellationToken);
        await ValidateAsync(cancellationToken);
    }

    /// <summary>Submits the request; its id on success, otherwise null with the problems shown (nothing entered is lost).</summary>
    public async Task<Guid?> SubmitAsync(CancellationToken cancellationToken)
    {
        if (IsSubmitting)
        {
            return null;
        }

        IsSubmitting = true;
        try
        {
            var result = await service.SubmitAsync(user, Draft, Password, PasswordConfirmation, cancellationToken);
            if (result.Succeeded)
            {
                SubmitProblems = [];
                return result.RequestId;
            }

            SubmitProblems = result.Report.Problems;
            _report = result.Report;
            _showAllProblems = true;
            return null;
        }
        finally
        {
            IsSubmitting = false;
        }
    }

    public string PreviewPayload() => service.PreviewPayload(Draft);

    public IReadOnlyList<string> FixedAfterCreation() => CreateClusterService.FixedAfterCreation(Draft);

    public string TeamName(string? slug) => Teams.FirstOrDefault(t => t.Slug == slug)?.DisplayName ?? slug ?? "—";

    /// <remarks>
    /// The pause token only cancels the wait: once the check has started it runs to its end with the page's token, so a
    /// step change never cancels a check or a save half-way.
    /// </remarks>
    private async Task AfterTypingPauseAsync(string field, CancellationToken pause, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TypingPause, time, pause);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await Dispatch(async () =>
        {
            if (!pause.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await FieldChangedAsync(field, cancellationToken);
            }
        });
    }

    /// <summary>Stops a pending typing pause (the page is closing).</summary>
    public void Dispose() => CancelTypingPause();

    private void CancelTypingPause()
    {
        _typing?.Cancel();
        _typing?.Dispose();
        _typing = null;
    }

    private ValidationReport QuickReport()
    {
        var report = CreateClusterRules.ValidateStep(CurrentStep, Draft, Context);
        return CurrentStep is WizardStep.Credentials or WizardStep.Review
            ? new ValidationReport([.. report.Problems, .. CreateClusterRules.ValidatePassword(Password, PasswordConfirmation).Problems])
            : report;
    }

    private bool IsShown(string field) => _showAllProblems || _touched.Contains(field);

    private void ResetProblems()
    {
        _touched.Clear();
        _showAllProblems = false;
        _report = ValidationReport.Valid;
    }

    /// <summary>Checks the current step; true when this check is still the newest, so its report is the one kept.</summary>
    private async Task<bool> ValidateAsync(CancellationToken cancellationToken)
    {
        // A slower check (the name lookup) must not overwrite the answer to a newer change.
        var run = ++_validationRun;
        var report = await service.ValidateStepAsync(CurrentStep, Draft, Context, cancellationToken);
        if (CurrentStep is WizardStep.Credentials or WizardStep.Review)
        {
            var password = CreateClusterRules.ValidatePassword(Password, PasswordConfirmation);
            report = new ValidationReport([.. report.Problems, .. password.Problems]);
        }

        if (run != _validationRun)
        {
            return false;
        }

        _report = report;
        return true;
    }

    private async Task LoadOptionsAsync(CancellationToken cancellationToken)
    {
        if (Draft.Region is not { } region || !Regions.Contains(region))
        {
            return;
        }

        switch (CurrentStep)
        {
            case WizardStep.BackupLocation:
                BackupLocations ??= await service.GetBackupLocationsAsync(region, cancellationToken);
                break;
            case WizardStep.Version:
                Versions ??= await service.GetVersionsAsync(region, cancellationToken);
                PreselectRecommendedVersion();
                break;
            case WizardStep.Network when !Draft.ManualNetworkEntry:
                Datacenters ??= await service.GetDatacentersAsync(region, cancellationToken);
                await LoadLansAsync(cancellationToken);
                break;
            case WizardStep.Review:
                // Review checks the whole draft, including the backup location and version against the live lists.
                BackupLocations ??= await service.GetBackupLocationsAsync(region, cancellationToken);
                Versions ??= await service.GetVersionsAsync(region, cancellationToken);
                break;
        }
    }

    private async Task LoadLansAsync(CancellationToken cancellationToken)
    {
        if (Lans is null && Datacenters is { IsLoaded: true } && !string.IsNullOrWhiteSpace(Draft.DatacenterId) && Draft.Region is { } region)
        {
            Lans = await service.GetPrivateLansAsync(region, Draft.DatacenterId, cancellationToken);
            if (Lans.IsLoaded && Draft.LanId is not null && !Lans.Items.Any(l => l.Id == Draft.LanId))
            {
                Draft.LanId = null;
            }
        }
    }

    private void PreselectRecommendedVersion()
    {
        if (Draft.PostgresVersion is null && Versions is { IsLoaded: true } versions)
        {
            Draft.PostgresVersion = versions.Items.FirstOrDefault(v => v.Status == VersionSupportStatus.Recommended)?.Version;
        }
    }

    private void KeepPresetOnlyIfItStillMatches()
    {
        var preset = Presets.FirstOrDefault(p => p.Name == Draft.Preset);
        if (preset is null || preset.Instances != Draft.Instances || preset.Cores != Draft.Cores
            || preset.RamGb != Draft.RamGb || preset.StorageGb != Draft.StorageGb)
        {
            Draft.Preset = null;
        }
    }

    private void FallBackFromStrictReplicationIfNeeded()
    {
        if (Draft.Instances < 3 && Draft.ReplicationMode == ReplicationMode.StrictlySynchronous)
        {
            Draft.ReplicationMode = ReplicationMode.Asynchronous;
            ReplicationNotice = "Replication was switched to asynchronous: strictly synchronous needs 3 or more instances.";
        }
        else if (Draft.Instances >= 3)
        {
            ReplicationNotice = null;
        }
    }

    private async Task SaveDraftAsync(CancellationToken cancellationToken)
    {
        if (_saving is { IsCompleted: false })
        {
            _saveAgain = true;
            await _saving;
            return;
        }

        _saving = SaveUntilCurrentAsync(cancellationToken);
        await _saving;
    }

    private async Task SaveUntilCurrentAsync(CancellationToken cancellationToken)
    {
        do
        {
            _saveAgain = false;
            try
            {
                await service.SaveDraftAsync(user, Draft.Clone(), cancellationToken);
                DraftSaveError = null;
            }
            catch (OperationCanceledException)
            {
                // The page is closing; whoever waits for this save must not fail because of it.
                return;
            }
            catch (Exception)
            {
                // The wizard keeps working; the person only loses the safety net of the draft.
                DraftSaveError = "Your draft could not be saved just now, so a reload would lose your changes. We will try again on your next change.";
            }
        }
        while (_saveAgain);
    }

    /// <summary>"17" before "16" before "9".</summary>
    public static IEnumerable<PostgresVersionOffering> NewestFirst(IEnumerable<PostgresVersionOffering> versions) =>
        versions.OrderByDescending(v => double.TryParse(v.Version, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : 0);
}
