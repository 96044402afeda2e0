using Portal.Application.Domain.Audit;
using Portal.Application.Requests.Create;

namespace Portal.Application.Audit;

/// <summary>
/// Port: the read side of the audit log. Pages and streams are ordered newest first (OccurredAt desc, Id desc), a total
/// order, so paging is stable; the chain is read in sequence order by keyset, so it works at any size.
/// </summary>
public interface IAuditLogReader
{
    /// <summary>Entries matching <paramref name="filter"/>, newest first, after skipping <paramref name="skip"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadPageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken);

    /// <summary>How many entries match, counting no further than <paramref name="cap"/> (a count past it returns <paramref name="cap"/>).</summary>
    Task<int> CountAsync(AuditFilter filter, int cap, CancellationToken cancellationToken);

    /// <summary>Every matching entry, newest first, streamed from the database (never all in memory).</summary>
    IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// The next <paramref name="batchSize"/> sealed entries with a sequence above <paramref name="afterSequence"/>, in chain
    /// (sequence) order (keyset, not offset). Unsealed entries are not part of the chain yet.
    /// </summary>
    Task<IReadOnlyList<AuditEntry>> ReadChainAsync(long afterSequence, int batchSize, CancellationToken cancellationToken);

    /// <summary>How many committed entries are not sealed yet, and how many of those occurred before <paramref name="overdueBefore"/>.</summary>
    Task<AuditUnsealed> CountUnsealedAsync(DateTimeOffset overdueBefore, CancellationToken cancellationToken);

    /// <summary>How many entries the log holds now (for progress; entries appended later are verified too).</summary>
    Task<long> CountAllAsync(CancellationToken cancellationToken);
}

/// <summary>Port: appends one entry outside a request's transaction (sign-in, access denied, export), chained like every other.</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken);
}

/// <summary>Entries not sealed into the chain yet: all of them, and those older than the verifier's limit (the sealer should have taken them).</summary>
public sealed record AuditUnsealed(long Count, long Overdue);
