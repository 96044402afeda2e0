using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Wizard;
using Portal.Web.Identity;

namespace Portal.Web.Components.Pages;

/// <summary>The create-cluster wizard: binds <see cref="WizardState"/> to a MudStepper; the rules live in the application layer.</summary>
public sealed partial class NewCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private WizardState? _state;
    private string? _startError;
    private bool _busy;
    private bool _timeZoneDetected;

    [Inject]
    private CreateClusterService Service { get; set; } = default!;

    [Inject]
    private CurrentUserAccessor CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private Dictionary<string, object?> StepParameters => new()
    {
        [nameof(WizardStepBase.State)] = _state,
        [nameof(WizardStepBase.Changed)] = EventCallback.Factory.Create(this, () => { }),
        [nameof(WizardStepBase.Retry)] = EventCallback.Factory.Create(this, RetryAsync),
        [nameof(WizardStepBase.Cancellation)] = _disposed.Token,
    };

    private static Type StepComponent(WizardStep step) => step switch
    {
        WizardStep.Basics => typeof(BasicsStep),
        WizardStep.BackupLocation => typeof(BackupLocationStep),
        WizardStep.Version => typeof(VersionStep),
        WizardStep.Sizing => typeof(SizingStep),
        WizardStep.Network => typeof(NetworkStep),
        WizardStep.MaintenanceWindow => typeof(MaintenanceWindowStep),
        WizardStep.Credentials => typeof(CredentialsStep),
        _ => typeof(ReviewStep),
    };

    protected override Task OnInitializedAsync() => StartAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Not only on the first render: that one may come before the wizard has started.
        if (!_timeZoneDetected && RendererInfo.IsInteractive && _state is not null)
        {
            _timeZoneDetected = true;
            _state.TimeZone = await BrowserTimeZone.DetectAsync(JS, _disposed.Token);
            StateHasChanged();
        }
    }

    private async Task StartAsync()
    {
        _startError = null;
        try
        {
            _state?.Dispose();
            var state = new WizardState(Service, await CurrentUser.GetAsync(), Time)
            {
                Dispatch = work => InvokeAsync(async () =>
                {
                    await work();
                    StateHasChanged();
                }),
            };
            await state.StartAsync(_disposed.Token);
            _state = state;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _startError = "The wizard could not be opened: your teams or your draft could not be read. Try again in a moment; if it keeps failing, tell the platform team.";
        }
    }

    private async Task NextAsync() => await BusyAsync(ct => _state!.NextAsync(ct));

    private Task BackAsync() => BusyAsync(_state!.BackAsync);

    private Task GoToAsync(WizardStep step) => BusyAsync(ct => _state!.GoToAsync((int)step, ct));

    private Task RetryAsync() => BusyAsync(_state!.RetryAsync);

    private Task StartOverAsync() => BusyAsync(_state!.StartOverAsync);

    private async Task SubmitAsync()
    {
        var id = await _state!.SubmitAsync(_disposed.Token);
        if (id is { } requestId)
        {
            Navigation.NavigateTo($"/requests/{requestId}");
        }
    }

    private async Task BusyAsync(Func<CancellationToken, Task> action)
    {
        _busy = true;
        try
        {
            await action(_disposed.Token);
        }
        finally
        {
            _busy = false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _disposed.Cancel();
        _state?.Dispose();
        _disposed.Dispose();
        return ValueTask.CompletedTask;
    }
}
