using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Web.Components.Clusters;
using Portal.Web.Identity;

namespace Portal.Web.Components.Pages;

/// <summary>
/// The live fleet: counts by state, filters, and a server-paged, server-sorted table. Reloads the current page when the
/// refresher publishes (no browser reload), and ticks the "last refresh" age every second.
/// </summary>
public sealed partial class Dashboard : IDisposable
{
    private static readonly ClusterState[] CountedStates =
        [ClusterState.Available, ClusterState.Provisioning, ClusterState.Updating, ClusterState.Destroying, ClusterState.Failed, ClusterState.Unknown];

    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private readonly CancellationTokenSource _disposed = new();
    private MudTable<ClusterRow>? _table;
    private IDisposable? _subscription;
    private ITimer? _ticker;
    private Application.Identity.PortalUser? _user;
    private IReadOnlyDictionary<ClusterState, int> _counts = new Dictionary<ClusterState, int>();
    private IReadOnlyList<RegionFreshness> _regions = [];
    private IReadOnlyList<TeamFilterOption> _teams = [];
    private DateTimeOffset _now;
    private string? _search;
    private ClusterState? _state;
    private Guid? _teamId;
    private string? _region;
    private bool _includeVanished;
    private string? _error;

    [Inject]
    private ClusterQueries Queries { get; set; } = default!;

    [Inject]
    private IClusterChangeFeed Feed { get; set; } = default!;

    [Inject]
    private CurrentUserAccessor CurrentUser { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    /// <summary>Initial filters from the address, e.g. <c>/?state=Failed&amp;region=de-fra</c>.</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? InitialSearch { get; set; }

    [SupplyParameterFromQuery(Name = "state")]
    public string? InitialState { get; set; }

    [SupplyParameterFromQuery(Name = "team")]
    public Guid? InitialTeam { get; set; }

    [SupplyParameterFromQuery(Name = "region")]
    public string? InitialRegion { get; set; }

    private bool HasFilters => _search is not null || _state is not null || _teamId is not null || _region is not null;

    private bool SeesUnmanaged => _user is not null && ClusterQueries.SeesAllClusters(_user);

    protected override async Task OnInitializedAsync()
    {
        _search = string.IsNullOrWhiteSpace(InitialSearch) ? null : InitialSearch;
        _state = Enum.TryParse<ClusterState>(InitialState, ignoreCase: true, out var state) ? state : null;
        _teamId = InitialTeam;
        _region = string.IsNullOrWhiteSpace(InitialRegion) ? null : InitialRegion;
        _now = Time.GetUtcNow();
        _regions = Queries.Freshness();
        _user = await CurrentUser.GetAsync();
        _subscription = Feed.Subscribe(OnRefreshed);
        _ticker = Time.CreateTimer(OnTick, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task<TableData<ClusterRow>> LoadPageAsync(TableState table, CancellationToken cancellationToken)
    {
        var query = new ClusterQuery
        {
            Search = _search,
            State = _state,
            TeamId = _teamId,
            Region = _region,
            IncludeVanished = _includeVanished,
            SortBy = Enum.TryParse<ClusterSortField>(table.SortLabel, out var sort) ? sort : ClusterSortField.Name,
            Descending = table.SortDirection == SortDirection.Descending,
            Page = table.Page,
            PageSize = table.PageSize,
        };
        try
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            _user ??= await CurrentUser.GetAsync();
            var page = await Queries.GetDashboardAsync(_user, query, both.Token);
            _counts = page.CountsByState;
            _regions = page.Regions;
            _teams = page.Teams;
            _now = Time.GetUtcNow();
            _error = null;
            StateHasChanged(); // the counts and freshness live outside the table
            return new TableData<ClusterRow> { Items = page.Rows, TotalItems = page.TotalCount };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The clusters could not be loaded just now. Try again in a moment.";
            StateHasChanged();
            return new TableData<ClusterRow> { Items = [], TotalItems = 0 };
        }
    }

    private void OnRefreshed(ClusterRefreshReport report) => InvokeAsync(ReloadAsync);

    private void OnTick(object? state) => InvokeAsync(Tick);

    private async Task ReloadAsync()
    {
        if (_table is not null && !_disposed.IsCancellationRequested)
        {
            await _table.ReloadServerData();
        }
    }

    private void Tick()
    {
        if (!_disposed.IsCancellationRequested)
        {
            _now = Time.GetUtcNow();
            StateHasChanged();
        }
    }

    private Task SetSearchAsync(string? search)
    {
        _search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        return FirstPageAsync();
    }

    private Task SetStateAsync(ClusterState? state)
    {
        _state = state;
        return FirstPageAsync();
    }

    private Task SetTeamAsync(Guid? teamId)
    {
        _teamId = teamId;
        return FirstPageAsync();
    }

    private Task SetRegionAsync(string? region)
    {
        _region = region;
        return FirstPageAsync();
    }

    private Task SetIncludeVanishedAsync(bool include)
    {
        _includeVanished = include;
        return FirstPageAsync();
    }

    private async Task FirstPageAsync()
    {
        if (_table is null)
        {
            return;
        }

        if (_table.CurrentPage != 0)
        {
            // Navigating to the first page reloads it.
            _table.NavigateTo(0);
            return;
        }

        await _table.ReloadServerData();
    }

    private string LastSeen(ClusterRow row)
    {
        if (row.VanishedAt is { } gone)
        {
            return $"deleted {Format(gone)}";
        }

        var region = _regions.FirstOrDefault(r => r.Region == row.Region);
        return region?.LastRefreshAt is { } at ? $"{RegionFreshness.DescribeAge(_now - at)} ago" : "—";
    }

    private string CountChipClass(ClusterState? state, Color color) =>
        $"mud-chip {(_state == state ? "mud-chip-filled" : "mud-chip-outlined")} mud-chip-size-medium mud-chip-color-{ClusterStateChip.CssColor(color)} mud-clickable";

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _subscription?.Dispose();
        _ticker?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
