using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Queries;
using Portal.Web.Components.Approvals;
using Portal.Web.Identity;

namespace Portal.Web.Components.Pages;

/// <summary>
/// One cluster request: status, decision, what was asked for, and what has happened so far. While the request is not
/// final the page re-reads it every few seconds, so approval and provisioning show up without a reload.
/// </summary>
public sealed partial class RequestDetails : IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(3);
    private readonly CancellationTokenSource _disposed = new();
    private PeriodicTimer? _refresh;
    private ClusterRequestView? _request;
    private bool _loading = true;
    private string? _error;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ClusterRequestQueries Queries { get; set; } = default!;

    [Inject]
    private CurrentUserAccessor CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private string KindLabel => _request?.Kind switch
    {
        ClusterRequestKind.Create => "Create",
        ClusterRequestKind.Update => "Change",
        ClusterRequestKind.Delete => "Delete",
        ClusterRequestKind.Restore => "Restore",
        _ => "Request for",
    };

    private Color StatusColor => _request is { } request ? RequestStatusChip.ColorFor(request.Status) : Color.Default;

    protected override Task OnParametersSetAsync() => LoadAsync();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _refresh = new PeriodicTimer(RefreshInterval, Time);
            _ = RefreshWhileOpenAsync(_refresh);
        }
    }

    private async Task RefreshWhileOpenAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(_disposed.Token))
            {
                if (_request is null || _request.Status.IsFinal() || _loading)
                {
                    continue;
                }

                await InvokeAsync(async () =>
                {
                    try
                    {
                        _request = await Queries.GetForUserAsync(await CurrentUser.GetAsync(), Id, _disposed.Token) ?? _request;
                        StateHasChanged();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A failed background refresh keeps the last known state; the next tick tries again.
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private async Task ConfirmCancelAsync()
    {
        var parameters = new DialogParameters<CancelRequestDialog>
        {
            { d => d.RequestId, Id },
            { d => d.ClusterName, _request?.Spec.Name ?? "" },
        };
        var dialog = await Dialogs.ShowAsync<CancelRequestDialog>("Cancel request", parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            await LoadAsync();
        }
    }

    private static Severity DecisionSeverity(RequestDecisionView decision) => decision.Outcome switch
    {
        ClusterRequestStatus.Rejected => Severity.Error,
        ClusterRequestStatus.Cancelled => Severity.Normal,
        ClusterRequestStatus.Expired => Severity.Warning,
        _ => Severity.Success,
    };

    private static string DecisionHeadline(RequestDecisionView decision) => decision.Outcome switch
    {
        ClusterRequestStatus.Rejected => $"Rejected by {decision.DecidedBy}",
        ClusterRequestStatus.Cancelled => $"Cancelled by {decision.DecidedBy}",
        ClusterRequestStatus.Expired => "Expired without a decision",
        _ when decision.ByPolicy => "Approved by policy",
        _ => $"Approved by {decision.DecidedBy}",
    };

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
        _refresh?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
