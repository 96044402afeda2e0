using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;
using Portal.Application.Audit;
using Portal.Web.Components.Audit;

namespace Portal.Web.Components.Pages;

/// <summary>The audit page: binds the filter, pages through <see cref="AuditLogQueries"/>; all querying happens there.</summary>
public sealed partial class Audit
{
    private readonly FilterDraft _draft = new();
    private readonly HashSet<long> _expanded = [];
    private MudTable<AuditRecord>? _table;
    private AuditFilter _applied = AuditFilter.None;
    private bool _totalIsCapped;
    private string? _error;
    private string? _addressError;

    [Inject]
    private AuditLogQueries Queries { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override void OnInitialized()
    {
        // The page's address carries the filter in the export's format (actor, action, team, cluster, from, to as ISO 8601
        // UTC instants), so a link to a search, or an export link with /audit instead of /audit/export.csv, opens it.
        var query = QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query);
        try
        {
            _applied = AuditFilterQuery.Parse(query);
        }
        catch (AuditQueryException ex)
        {
            // The rest of the link still applies; the message says how to write the time.
            _addressError = ex.Message;
            _applied = AuditFilterQuery.Parse(query.Where(p => !p.Key.Equals("from", StringComparison.OrdinalIgnoreCase) && !p.Key.Equals("to", StringComparison.OrdinalIgnoreCase)));
        }

        _draft.Load(_applied);
    }

    private string ExportUrl => AuditFilterQuery.ExportUrl(_applied);

    private async Task<TableData<AuditRecord>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        try
        {
            var page = await Queries.SearchAsync(_applied, state.Page, state.PageSize, cancellationToken);
            _error = null;
            _totalIsCapped = page.TotalIsCapped;
            return new TableData<AuditRecord> { Items = page.Entries, TotalItems = page.TotalCount };
        }
        catch (AuditQueryException ex)
        {
            _error = ex.Message;
            _totalIsCapped = false;
            return new TableData<AuditRecord> { Items = [], TotalItems = 0 };
        }
    }

    private async Task ApplyAsync()
    {
        _applied = _draft.ToFilter();
        _addressError = null;
        _expanded.Clear();
        Navigation.NavigateTo(QueryHelpers.AddQueryString("/audit", AuditFilterQuery.ToParameters(_applied)), new NavigationOptions { ReplaceHistoryEntry = true });
        if (_table is not null)
        {
            // Back to the first page: the old page number means nothing under a new filter.
            _table.NavigateTo(0);
            await _table.ReloadServerData();
        }
    }

    private Task ClearAsync()
    {
        _draft.Clear();
        return ApplyAsync();
    }

    private void ToggleDetails(long id)
    {
        if (!_expanded.Remove(id))
        {
            _expanded.Add(id);
        }
    }

    /// <summary>The filter as typed, applied only on Search (so typing does not query on every key).</summary>
    private sealed class FilterDraft
    {
        public string? Actor { get; set; }

        public string? Action { get; set; }

        public string? Team { get; set; }

        public string? Cluster { get; set; }

        public DateTime? From { get; set; }

        public TimeSpan? FromTime { get; set; }

        public DateTime? To { get; set; }

        public TimeSpan? ToTime { get; set; }

        // UTC throughout: the end includes its minute, or its whole day without a time (AuditFilter.WithUtcRange).
        public AuditFilter ToFilter() => new AuditFilter
        {
            Actor = Actor,
            Action = Action,
            Team = Team,
            Cluster = Cluster,
        }.WithUtcRange(DateOf(From), TimeOf(FromTime), DateOf(To), TimeOf(ToTime)).Normalized();

        public void Load(AuditFilter filter)
        {
            Actor = filter.Actor;
            Action = filter.Action;
            Team = filter.Team;
            Cluster = filter.Cluster;
            var (fromDate, fromTime, toDate, toTime) = filter.ToUtcPickers();
            From = fromDate?.ToDateTime(TimeOnly.MinValue);
            FromTime = fromTime?.ToTimeSpan();
            To = toDate?.ToDateTime(TimeOnly.MinValue);
            ToTime = toTime?.ToTimeSpan();
        }

        public void Clear()
        {
            Actor = Action = Team = Cluster = null;
            From = To = null;
            FromTime = ToTime = null;
        }

        private static DateOnly? DateOf(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

        private static TimeOnly? TimeOf(TimeSpan? time) => time is { } t ? TimeOnly.FromTimeSpan(t) : null;
    }
}
