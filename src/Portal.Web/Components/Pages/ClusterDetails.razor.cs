using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Application.Clusters;
using Portal.Web.Components.Clusters;
using Portal.Web.Identity;

namespace Portal.Web.Components.Pages;

/// <summary>One cluster as IONOS last reported it: properties, ways to connect, state history. Updates when the refresher publishes.</summary>
public sealed partial class ClusterDetails : IAsyncDisposable
{
    private const string Module = "./Components/Pages/ClusterDetails.razor.js";

    private readonly CancellationTokenSource _disposed = new();
    private IDisposable? _subscription;
    private IJSObjectReference? _module;
    private ClusterDetailsView? _cluster;
    private DateTimeOffset _now;
    private bool _loading = true;
    private string? _error;
    private ClusterPermissions _permissions = ClusterPermissions.None;
    private int _version;

    [Parameter]
    public string Region { get; set; } = "";

    [Parameter]
    public string Id { get; set; } = "";

    [Inject]
    private ClusterQueries Queries { get; set; } = default!;

    [Inject]
    private IClusterChangeFeed Feed { get; set; } = default!;

    [Inject]
    private CurrentUserAccessor CurrentUser { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private ClusterPageQueries PageQueries { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    public static string PathFor(string region, string clusterId) =>
        $"/clusters/{Uri.EscapeDataString(region)}/{Uri.EscapeDataString(clusterId)}";

    protected override void OnInitialized() => _subscription = Feed.Subscribe(OnRefreshed);

    protected override Task OnParametersSetAsync()
    {
        _loading = true;
        return LoadAsync();
    }

    private void OnRefreshed(ClusterRefreshReport report) => InvokeAsync(ReloadAsync);

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _error = null;
        try
        {
            var user = await CurrentUser.GetAsync();
            _cluster = await Queries.GetClusterAsync(user, Region, Id, _disposed.Token);
            _permissions = _cluster is null ? ClusterPermissions.None : await PageQueries.GetPermissionsAsync(user, _cluster.Cluster.Summary, _disposed.Token);
            _now = Time.GetUtcNow();
            _version++;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The cluster could not be loaded just now. Try again in a moment.";
        }
        finally
        {
            _loading = false;
        }
    }

    /// <summary>The change page (built elsewhere) for this cluster.</summary>
    public static string ChangePath(ClusterRow cluster) => $"{PathFor(cluster.Region, cluster.ClusterId)}/change";

    private async Task OpenDeleteAsync()
    {
        var s = _cluster!.Cluster.Summary;
        var parameters = new DialogParameters<DeleteClusterDialog>
        {
            { d => d.Region, s.Region },
            { d => d.ClusterId, s.ClusterId },
            { d => d.ClusterName, s.Name },
        };
        var dialog = await Dialogs.ShowAsync<DeleteClusterDialog>($"Delete {s.Name}?", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: Guid requestId })
        {
            Snackbar.Add("Delete requested; a DBA will review it.", Severity.Success);
            Navigation.NavigateTo($"/requests/{requestId}");
        }
    }

    private async Task CopyAsync(string label, string value)
    {
        var copied = false;
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", _disposed.Token, Module);
            copied = await _module.InvokeAsync<bool>("copy", _disposed.Token, value);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            copied = false;
        }

        if (copied)
        {
            Snackbar.Add($"{label} copied.", Severity.Success);
        }
        else
        {
            Snackbar.Add("The browser did not allow copying; select the text and copy it by hand.", Severity.Warning);
        }
    }

    private static IEnumerable<(string Label, string Value, string Key)> ConnectionRows(ConnectionStrings connection)
    {
        yield return ("psql", connection.Psql, "psql");
        yield return ("libpq URI", connection.Uri, "uri");
        yield return ("Npgsql (.NET)", connection.Npgsql, "npgsql");
        yield return ("JDBC", connection.Jdbc, "jdbc");
    }

    private static IEnumerable<(string Label, string Value)> Rows(ClusterDetailsView c)
    {
        var s = c.Cluster.Summary;
        yield return ("DNS name", s.DnsName ?? "not assigned yet");
        yield return ("PostgreSQL version", s.PostgresVersion ?? "—");
        yield return ("Size", s.Size);
        yield return ("Replication", c.Cluster.ReplicationMode ?? "—");
        yield return ("Connection pooler", c.Cluster.ConnectionPooler ?? "—");
        if (!string.IsNullOrWhiteSpace(c.Cluster.Description))
        {
            yield return ("Description", c.Cluster.Description);
        }

        yield return ("Datacenter", c.Cluster.DatacenterId ?? "—");
        yield return ("LAN", c.Cluster.LanId ?? "—");
        yield return ("Primary instance address", c.Cluster.PrimaryInstanceAddress ?? "—");
        yield return ("Maintenance window", c.Cluster.MaintenanceDay is { } day ? $"{day} {c.Cluster.MaintenanceTime:HH\\:mm\\:ss} UTC" : "—");
        yield return ("Backup location", c.Cluster.BackupLocation ?? "—");
        yield return ("Backup retention", c.Cluster.RetentionDays is { } days ? $"{days} days" : "—");
        yield return ("Database", c.Cluster.DatabaseName ?? "unknown (not created through the portal)");
        yield return ("Username", c.Cluster.Username ?? "unknown (not created through the portal)");
        yield return ("Created", $"{FormatOrDash(c.Cluster.CreatedAt)} by {c.Cluster.CreatedBy ?? "—"}");
        yield return ("Last modified", $"{FormatOrDash(c.Cluster.LastModifiedAt)} by {c.Cluster.LastModifiedBy ?? "—"}");
        yield return ("Status message", c.Cluster.StatusMessage ?? "—");
        yield return ("Last change seen", Format(s.LastChangedAt));
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string FormatOrDash(DateTimeOffset? at) => at is { } value ? Format(value) : "—";

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        await _disposed.CancelAsync();
        _disposed.Dispose();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }
}
