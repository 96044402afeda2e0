using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Queries;
using Portal.Web.Identity;

namespace Portal.Web.Components.Pages;

/// <summary>One cluster request: status, what was asked for, and what has happened so far.</summary>
public sealed partial class RequestDetails : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private ClusterRequestView? _request;
    private bool _loading = true;
    private string? _error;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ClusterRequestQueries Queries { get; set; } = default!;

    [Inject]
    private CurrentUserAccessor CurrentUser { get; set; } = default!;

    private string KindLabel => _request?.Kind switch
    {
        ClusterRequestKind.Create => "Create",
        ClusterRequestKind.Update => "Change",
        ClusterRequestKind.Delete => "Delete",
        ClusterRequestKind.Restore => "Restore",
        _ => "Request for",
    };

    private Color StatusColor => _request?.Status switch
    {
        ClusterRequestStatus.PendingApproval => Color.Warning,
        ClusterRequestStatus.Approved or ClusterRequestStatus.Submitting or ClusterRequestStatus.Provisioning => Color.Info,
        ClusterRequestStatus.Completed => Color.Success,
        ClusterRequestStatus.Rejected or ClusterRequestStatus.Failed or ClusterRequestStatus.NeedsAttention => Color.Error,
        _ => Color.Default,
    };

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _error = null;
        try
        {
            _request = await Queries.GetForUserAsync(await CurrentUser.GetAsync(), Id, _disposed.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The request could not be loaded just now. Try again in a moment.";
        }
        finally
        {
            _loading = false;
        }
    }

    private static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static IEnumerable<(string Label, string Value)> SpecRows(ClusterSpec spec)
    {
        yield return ("Name", spec.Name);
        if (!string.IsNullOrWhiteSpace(spec.Description))
        {
            yield return ("Description", spec.Description);
        }

        yield return ("PostgreSQL version", spec.PostgresVersion);
        yield return ("Instances", spec.Instances.ToString(CultureInfo.InvariantCulture));
        yield return ("Cores per instance", spec.Cores.ToString(CultureInfo.InvariantCulture));
        yield return ("RAM per instance", $"{spec.RamGb} GB");
        yield return ("Storage per instance", $"{spec.StorageGb} GB");
        yield return ("Replication", spec.ReplicationMode == ReplicationMode.StrictlySynchronous ? "Strictly synchronous" : "Asynchronous");
        yield return ("Connection pooler", spec.ConnectionPooler.ToString());
        yield return ("Backup location", spec.BackupLocation);
        yield return ("Backup retention", $"{spec.RetentionDays} days");
        yield return ("Datacenter", spec.DatacenterId);
        yield return ("LAN", spec.LanId);
        yield return ("Primary instance address", spec.PrimaryInstanceAddress);
        yield return ("Maintenance window", $"{spec.MaintenanceDay} {spec.MaintenanceTime:HH\\:mm\\:ss} UTC, 4 hours");
        yield return ("Database", spec.DatabaseName);
        yield return ("Username", spec.Username);
        yield return ("Password", "set, kept encrypted until the cluster is created");
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
