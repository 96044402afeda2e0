using Microsoft.AspNetCore.Components;
using Portal.Application.Requests.Approvals;
using Portal.Web.Identity;

namespace Portal.Web.Components.Pages;

/// <summary>The DBA's queue: binds and calls <see cref="RequestDecisionService"/>, which checks every rule again.</summary>
public sealed partial class Approvals : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly Dictionary<Guid, string> _errors = [];
    private IReadOnlyList<PendingRequestView>? _queue;
    private string? _loadError;
    private string? _message;
    private bool _busy;

    [Inject]
    private RequestDecisionService Decisions { get; set; } = default!;

    [Inject]
    private CurrentUserAccessor CurrentUser { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _loadError = null;
        try
        {
            _queue = await Decisions.GetQueueAsync(await CurrentUser.GetAsync(), _disposed.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _queue = [];
            _loadError = "The pending requests could not be loaded just now. Press Refresh in a moment.";
        }
    }

    private Task ApproveAsync(Guid id, string? comment) =>
        DecideAsync(id, "approved", user => Decisions.ApproveAsync(user, id, comment, _disposed.Token));

    private Task RejectAsync(Guid id, string? comment) =>
        DecideAsync(id, "rejected", user => Decisions.RejectAsync(user, id, comment, _disposed.Token));

    private async Task DecideAsync(Guid id, string verb, Func<Application.Identity.PortalUser, Task<DecisionResult>> decide)
    {
        _busy = true;
        _errors.Remove(id);
        _message = null;
        try
        {
            var name = _queue?.FirstOrDefault(q => q.Request.Id == id)?.Request.ClusterName;
            var result = await decide(await CurrentUser.GetAsync());
            if (!result.Succeeded)
            {
                _errors[id] = result.Error ?? "The decision was not saved.";
                return;
            }

            _message = $"Request for {name} {verb}.";
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
