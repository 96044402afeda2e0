using Portal.Application.Domain.Audit;
using Portal.Application.Requests.Create;

namespace Portal.Application.Audit;

/// <summary>
/// Port: the read side of the audit log. Pages and streams are ordered newest first (OccurredAt desc, Id desc), a total
/// order, so paging is stable; the chain is read in Id order by keyset, so it works at any size.
/// </summary>
public interface IAuditLogReader
{
    /// <summary>Entries matching <paramref name="filter"/>, newest first, after skipping <paramref name="skip"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadPageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken);

    /// <summary>How many entries match, counting no further than <paramref name="cap"/> (a count past it returns <paramref name="cap"/>).</summary>
    Task<int> CountAsync(AuditFilter filter, int cap, CancellationToken cancellationToken);

    /// <summary>Every matching entry, newest first, streamed from the database (never all in memory).</summary>
    IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken);

    /// <summary>The next <paramref name="batchSize"/> entries with an id above <paramref name="afterId"/>, in id order (keyset, not offset).</summary>
    Task<IReadOnlyList<AuditEntry>> ReadChainAsync(long afterId, int batchSize, CancellationToken cancellationToken);

    /// <summary>How many entries the log holds now (for progress; entries appended later are verified too).</summary>
    Task<long> CountAllAsync(CancellationToken cancellationToken);
}

/// <summary>Port: appends one entry outside a request's transaction (sign-in, access denied, export), chained like every other.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken);
}
