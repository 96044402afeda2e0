using Microsoft.AspNetCore.Components;
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

    [Inject]
    private AuditLogQueries Queries { get; set; } = default!;

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
        _expanded.Clear();
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

        public DateTime? To { get; set; }

        // Dates are UTC days: "to" includes its whole day, so it becomes the start of the next one (exclusive).
        public AuditFilter ToFilter() => new AuditFilter
        {
            Actor = Actor,
            Action = Action,
            Team = Team,
            Cluster = Cluster,
            From = From is { } from ? new DateTimeOffset(DateTime.SpecifyKind(from.Date, DateTimeKind.Utc)) : null,
            To = To is { } to ? new DateTimeOffset(DateTime.SpecifyKind(to.Date.AddDays(1), DateTimeKind.Utc)) : null,
        }.Normalized();

        public void Clear()
        {
            Actor = Action = Team = Cluster = null;
            From = To = null;
        }
    }
}
