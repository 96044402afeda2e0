using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Web.Components.Clusters;
using Portal.Web.Identity;

namespace Portal.Web.Components.Pages;

/// <summary>
/// The live fleet: counts by state, filters, and a server-paged, server-sorted table. Reloads the current page when the
/// refresher publishes (no browser reload); the freshness bar ticks the "last refresh" age on its own.
/// </summary>
public sealed partial class Dashboard : IDisposable
{
    private static readonly ClusterState[] CountedStates =
        [ClusterState.Available, ClusterState.Provisioning, ClusterState.Updating, ClusterState.Destroying, ClusterState.Failed, ClusterState.Unknown];

    private static readonly int[] PageSizes = [10, 25, 50, 100];

    private static readonly DashboardColumn[] Columns =
    [
        new("State", ClusterSortField.State),
        new("Name", ClusterSortField.Name),
        new("Version", ClusterSortField.Version),
        new("Size", ClusterSortField.Size),
        new("Region", ClusterSortField.Region),
        new("Team", ClusterSortField.Team),
        new("DNS name", null),
        new("Last change", ClusterSortField.LastChange),
        new("Last seen", null),
    ];

    /// <summary>How long the search box waits for typing to pause before it asks the server.</summary>
    internal static readonly TimeSpan SearchDebounce = TimeSpan.FromMilliseconds(300);

    // The icons' paths, shared by every circuit (the same strings MudBlazor's table uses).
    private static readonly MarkupString SortIcon = new(Icons.Material.Filled.ArrowUpward);
    private static readonly MarkupString FirstPageIcon = new(Icons.Material.Filled.FirstPage);
    private static readonly MarkupString PreviousPageIcon = new(Icons.Material.Filled.NavigateBefore);
    private static readonly MarkupString NextPageIcon = new(Icons.Material.Filled.NavigateNext);
    private static readonly MarkupString LastPageIcon = new(Icons.Material.Filled.LastPage);

    private readonly CancellationTokenSource _disposed = new();
    private CancellationTokenSource? _load;
    private IDisposable? _subscription;
    private ITimer? _searchDebounce;
    private Application.Identity.PortalUser? _user;
    private IReadOnlyDictionary<ClusterState, int> _counts = new Dictionary<ClusterState, int>();
    private IReadOnlyList<RegionFreshness> _regions = [];
    private IReadOnlyList<TeamFilterOption> _teams = [];
    private IReadOnlyList<MarkupString> _rowMarkup = [];
    private int _total;
    private int _page;
    private int _pageSize = ClusterQuery.DefaultPageSize;
    private ClusterSortField _sort = ClusterSortField.Name;
    private bool _descending;
    private bool _loading;
    private string? _searchInput;
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

    private int LastPage => _total == 0 ? 0 : (_total - 1) / _pageSize;

    private string PageInfo => _total == 0
        ? "0-0 of 0"
        : string.Create(CultureInfo.InvariantCulture, $"{(_page * _pageSize) + 1}-{Math.Min((_page + 1) * _pageSize, _total)} of {_total}");

    protected override async Task OnInitializedAsync()
    {
        _search = string.IsNullOrWhiteSpace(InitialSearch) ? null : InitialSearch.Trim();
        _searchInput = _search;
        _state = Enum.TryParse<ClusterState>(InitialState, ignoreCase: true, out var state) ? state : null;
        _teamId = InitialTeam;
        _region = string.IsNullOrWhiteSpace(InitialRegion) ? null : InitialRegion;
        _regions = Queries.Freshness();
        _user = await CurrentUser.GetAsync();
        _subscription = Feed.Subscribe(OnRefreshed);
        if (RendererInfo.IsInteractive)
        {
            await LoadAsync();
        }
        else
        {
            _loading = true; // prerendered: the circuit loads the page once it is connected
        }
    }

    /// <summary>Loads the current page with the current filters; a newer load cancels an older one still running.</summary>
    private async Task LoadAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _load?.Cancel();
        var load = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        _load = load;
        var query = new ClusterQuery
        {
            Search = _search,
            State = _state,
            TeamId = _teamId,
            Region = _region,
            IncludeVanished = _includeVanished,
            SortBy = _sort,
            Descending = _descending,
            Page = _page,
            PageSize = _pageSize,
        };
        _loading = true;
        StateHasChanged();
        try
        {
            _user ??= await CurrentUser.GetAsync();
            var page = await Queries.GetDashboardAsync(_user, query, load.Token);
            if (load.IsCancellationRequested)
            {
                return;
            }

            _total = page.TotalCount;
            _counts = page.CountsByState;
            _regions = page.Regions;
            _rowMarkup = [.. page.Rows.Select(row => RowMarkup(row, LastSeen(row)))];
            _teams = page.Teams;
            _error = null;
            if (_page > LastPage)
            {
                // The fleet shrank under the current page (a refresh removed clusters): show the last page there is.
                _page = LastPage;
                _ = LoadAsync();
            }
        }
        catch (OperationCanceledException) when (load.IsCancellationRequested)
        {
            // A newer load (or leaving the page) replaced this one.
        }
        catch (Exception)
        {
            // The rows already shown stay; the message says they may be old.
            _error = "The clusters could not be loaded just now. Try again in a moment.";
        }
        finally
        {
            if (ReferenceEquals(_load, load))
            {
                _load = null;
                _loading = false;
                if (!_disposed.IsCancellationRequested)
                {
                    StateHasChanged();
                }
            }

            load.Dispose();
        }
    }

    private void OnRefreshed(ClusterRefreshReport report) => InvokeAsync(LoadAsync);

    private void OnSearchInput(ChangeEventArgs args)
    {
        _searchInput = args.Value as string;
        _searchDebounce ??= Time.CreateTimer(_ => InvokeAsync(ApplySearchAsync), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _searchDebounce.Change(SearchDebounce, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Enter or leaving the box searches at once.</summary>
    private Task OnSearchCommitted(ChangeEventArgs args)
    {
        _searchInput = args.Value as string;
        _searchDebounce?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return ApplySearchAsync();
    }

    private Task ApplySearchAsync()
    {
        var search = string.IsNullOrWhiteSpace(_searchInput) ? null : _searchInput.Trim();
        if (search == _search)
        {
            return Task.CompletedTask;
        }

        _search = search;
        return FirstPageAsync();
    }

    private Task OnStateSelected(ChangeEventArgs args) =>
        SetStateAsync(Enum.TryParse<ClusterState>(args.Value as string, out var state) ? state : null);

    private Task OnTeamSelected(ChangeEventArgs args)
    {
        _teamId = Guid.TryParse(args.Value as string, out var team) ? team : null;
        return FirstPageAsync();
    }

    private Task OnRegionSelected(ChangeEventArgs args)
    {
        _region = args.Value as string is { Length: > 0 } region ? region : null;
        return FirstPageAsync();
    }

    private Task OnIncludeVanishedChanged(ChangeEventArgs args)
    {
        _includeVanished = args.Value is true || (args.Value is string text && bool.TryParse(text, out var on) && on);
        return FirstPageAsync();
    }

    private Task OnPageSizeSelected(ChangeEventArgs args)
    {
        if (int.TryParse(args.Value as string, CultureInfo.InvariantCulture, out var size) && PageSizes.Contains(size))
        {
            _pageSize = size;
        }

        return FirstPageAsync();
    }

    private Task SetStateAsync(ClusterState? state)
    {
        _state = state;
        return FirstPageAsync();
    }

    private Task SortByAsync(ClusterSortField field)
    {
        _descending = _sort == field && !_descending;
        _sort = field;
        return FirstPageAsync();
    }

    private Task GoToPageAsync(int page)
    {
        _page = Math.Clamp(page, 0, LastPage);
        return LoadAsync();
    }

    private Task FirstPageAsync()
    {
        _page = 0;
        return LoadAsync();
    }

    /// <summary>
    /// A table row as one piece of markup (MudTable's classes, every value HTML-encoded), built once per load. As elements
    /// with attributes, 25 rows are ~1,300 render-tree frames that the circuit keeps twice (current and previous tree) for
    /// as long as the dashboard is open; as markup they are 25 frames and 25 strings, and an unchanged row is not sent again.
    /// </summary>
    internal static MarkupString RowMarkup(ClusterRow row, string lastSeen)
    {
        var html = new StringBuilder(1024);
        html.Append("<tr class=\"mud-table-row\"><td data-label=\"State\" class=\"mud-table-cell\">");
        ClusterStateChip.AppendHtml(html, row.State, row.StateRaw);
        html.Append("</td><td data-label=\"Name\" class=\"mud-table-cell\"><a href=\"").Append(Encode(ClusterDetails.PathFor(row.Region, row.ClusterId)))
            .Append("\" class=\"mud-typography mud-link mud-primary-text mud-link-underline-hover mud-typography-body1\" data-testid=\"cluster-link\">")
            .Append(Encode(row.Name)).Append("</a></td>");
        Cell(html, "Version", row.PostgresVersion is null ? "—" : $"PostgreSQL {row.PostgresVersion}");
        Cell(html, "Size", row.Size, "text-nowrap");
        Cell(html, "Region", row.Region);
        if (row.IsManaged)
        {
            Cell(html, "Team", row.TeamName);
        }
        else
        {
            html.Append("<td data-label=\"Team\" class=\"mud-table-cell\">");
            ClusterStateChip.AppendPlainHtml(html, "unmanaged", "unmanaged");
            html.Append("</td>");
        }

        html.Append("<td data-label=\"DNS name\" class=\"mud-table-cell\" style=\"word-break: break-all\">").Append(Encode(row.DnsName ?? "—")).Append("</td>");
        Cell(html, "Last change", Format(row.LastChangedAt), "text-nowrap");
        Cell(html, "Last seen", lastSeen, "text-nowrap");
        html.Append("</tr>");
        return new MarkupString(html.ToString());

        static void Cell(StringBuilder html, string label, string? text, string? extraClass = null) =>
            html.Append("<td data-label=\"").Append(label).Append("\" class=\"mud-table-cell").Append(extraClass is null ? "" : " " + extraClass).Append("\">")
                .Append(Encode(text ?? "")).Append("</td>");
    }

    private static string Encode(string text) => ClusterStateChip.Encode(text);

    private string AriaSort(ClusterSortField field) => _sort != field ? "none" : _descending ? "descending" : "ascending";

    private string SortIconClass(ClusterSortField field) =>
        "mud-icon-root mud-svg-icon mud-icon-size-medium mud-table-sort-label-icon " +
        (_sort != field ? "mud-direction-none" : _descending ? "mud-direction-desc" : "mud-direction-asc");

    /// <summary>When the refresher last saw the cluster, as a time (an age here would only be true until the next tick).</summary>
    private string LastSeen(ClusterRow row)
    {
        if (row.VanishedAt is { } gone)
        {
            return $"deleted {Format(gone)}";
        }

        var region = _regions.FirstOrDefault(r => r.Region == row.Region);
        return region?.LastRefreshAt is { } at ? at.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";
    }

    private string CountChipClass(ClusterState? state, Color color) =>
        $"mud-chip {(_state == state ? "mud-chip-filled" : "mud-chip-outlined")} mud-chip-size-medium mud-chip-color-{ClusterStateChip.CssColor(color)} mud-clickable";

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _subscription?.Dispose();
        _searchDebounce?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private sealed record DashboardColumn(string Title, ClusterSortField? Sort);
}
