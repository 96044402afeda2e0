using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Clusters;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;
using Portal.Web.Identity;

namespace Portal.Web.Components.Clusters;

/// <summary>The restore form: new name, point in time, new address and password; the rest is copied from the source and shown.</summary>
public sealed partial class RestoreClusterPage
{
    private const string RecoveryField = RestoreClusterService.RecoveryTimeField;
    private const string BackupField = RestoreClusterService.BackupField;
    private const string ClusterField = RestoreClusterService.ClusterField;
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    private RestoreStart? _start;
    private RestoreClusterDraft _draft = new();
    private ValidationReport _report = ValidationReport.Valid;
    private readonly HashSet<string> _touched = [];
    private string? _recoveryText;
    private string? _password;
    private string? _confirmation;
    private string? _refusal;
    private bool _loading = true;
    private bool _busy;
    private bool _submitted;

    [Parameter]
    public string Region { get; set; } = "";

    [Parameter]
    public string Id { get; set; } = "";

    [Parameter]
    public string BackupId { get; set; } = "";

    [Inject]
    private RestoreClusterService Restores { get; set; } = default!;

    [Inject]
    private CurrentUserAccessor CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string BackPath => $"/clusters/{Uri.EscapeDataString(Region)}/{Uri.EscapeDataString(Id)}";

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        var (start, refusal) = await Restores.StartAsync(await CurrentUser.GetAsync(), Region, Id, BackupId, CancellationToken.None);
        (_start, _refusal) = (start, refusal);
        if (start is not null)
        {
            _draft = start.Draft;
            _recoveryText = start.Draft.RecoveryTargetTime?.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
        }

        _loading = false;
    }

    private Task NameChangedAsync(string value)
    {
        _draft.Name = value;
        _touched.Add(DraftFields.Name);
        return ValidateAsync(checkName: true);
    }

    private Task RecoveryChangedAsync(string value)
    {
        _recoveryText = value;
        _draft.RecoveryTargetTime = DateTime.TryParseExact(value?.Trim(), TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : null;
        _touched.Add(RecoveryField);
        return ValidateAsync();
    }

    private Task AddressChangedAsync(string value)
    {
        _draft.PrimaryInstanceAddress = value;
        _touched.Add(DraftFields.PrimaryInstanceAddress);
        return ValidateAsync();
    }

    private Task ValidateAsync() => ValidateAsync(checkName: false);

    private async Task ValidateAsync(bool checkName)
    {
        if (_start is null)
        {
            return;
        }

        _report = await Restores.ValidateAsync(_draft, _start.Source, _start.Backup, checkName, CancellationToken.None);
    }

    private async Task SubmitAsync()
    {
        _busy = true;
        try
        {
            var result = await Restores.SubmitAsync(await CurrentUser.GetAsync(), _draft, _password, _confirmation, CancellationToken.None);
            _submitted = true;
            _report = result.Report;
            if (result.RequestId is { } id)
            {
                Snackbar.Add("Restore requested; a DBA will review it.", Severity.Success);
                Navigation.NavigateTo($"/requests/{id}");
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>A field's first problem, shown once the field was edited or a submit was tried (never before anyone typed).</summary>
    private string? Problem(string field) =>
        _submitted || _touched.Contains(field) || field is BackupField or ClusterField ? _report.FirstFor(field) : null;

    private bool Has(string field) => Problem(field) is not null;

    private static string Window(RestoreStart start)
    {
        var latest = start.Backup.LatestRecoveryTime is { } at ? Format(at) : "now";
        return start.Backup.EarliestRecoveryTime is { } earliest ? $"{Format(earliest)} (exclusive) and {latest}" : $"until {latest}";
    }

    private static IEnumerable<(string Label, string Value)> Copied(RestoreStart start)
    {
        var spec = start.CopiedSpec;
        yield return ("Region", start.Source.Summary.Region);
        yield return ("Team", start.Source.Summary.TeamName ?? "—");
        yield return ("PostgreSQL version", spec.PostgresVersion);
        yield return ("Size", ClusterSize.Describe(spec.Instances, spec.Cores, spec.RamGb, spec.StorageGb));
        yield return ("Replication", spec.ReplicationMode.ToString());
        yield return ("Connection pooler", spec.ConnectionPooler.ToString());
        yield return ("Datacenter", spec.DatacenterId);
        yield return ("LAN", spec.LanId);
        yield return ("Maintenance window", $"{spec.MaintenanceDay} {spec.MaintenanceTime:HH\\:mm\\:ss} UTC");
        yield return ("Backup location", spec.BackupLocation);
        yield return ("Backup retention", $"{spec.RetentionDays} days");
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
