using System.Runtime.CompilerServices;

namespace Portal.Application.Audit;

/// <summary>
/// The audit page's read side: filtered, server-paged, newest first. Paging is by offset with a cap
/// (<see cref="MaxOffset"/>): the order (OccurredAt desc, Id desc) is total, so pages are stable, and deep pages are
/// refused rather than scanned; narrowing the filter is the way further back. The CSV export has no cap (it streams).
/// </summary>
public sealed class AuditLogQueries(IAuditLogReader reader)
{
    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPageSize = 200;

    /// <summary>How far into a result the page may skip; past it, narrow the time range instead.</summary>
    public const int MaxOffset = 10_000;

    /// <summary>Counts stop here, so a count over a million entries costs no more than one over ten thousand.</summary>
    public const int CountCap = MaxOffset;

    public async Task<AuditPage> SearchAsync(AuditFilter filter, int pageIndex, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        pageSize = Math.Min(pageSize, MaxPageSize);
        var normalized = Validate(filter);
        var skip = (long)pageIndex * pageSize;
        if (skip >= MaxOffset)
        {
            throw new AuditQueryException(
                $"Only the newest {MaxOffset:N0} matching entries can be paged through. Narrow the time range or another filter to see older ones, or export them as CSV.");
        }

        var entries = await reader.ReadPageAsync(normalized, (int)skip, pageSize, cancellationToken);
        var count = await reader.CountAsync(normalized, CountCap + 1, cancellationToken);
        return new AuditPage(entries.Select(Redact).ToList(), Math.Min(count, CountCap), count > CountCap);
    }

    /// <summary>
    /// Every matching entry, newest first, for the export; streamed, redacted. The filter is checked now (so a caller can
    /// answer 400 before it starts writing), the entries are read as they are enumerated.
    /// </summary>
    public IAsyncEnumerable<AuditRecord> Stream(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return StreamCore(Validate(filter));
    }

    private async IAsyncEnumerable<AuditRecord> StreamCore(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var record in reader.StreamAsync(filter, cancellationToken))
        {
            yield return Redact(record);
        }
    }

    private static AuditFilter Validate(AuditFilter filter)
    {
        var normalized = filter.Normalized();
        if (normalized.From is { } from && normalized.To is { } to && to <= from)
        {
            throw new AuditQueryException("The end of the time range must be after its start.");
        }

        return normalized;
    }

    private static AuditRecord Redact(AuditRecord record) => record with { Details = AuditDetailsRedactor.Redact(record.Details) };
}

/// <summary>A filter or page the audit log cannot answer; the message says what to change.</summary>
public sealed class AuditQueryException(string message) : Exception(message);
