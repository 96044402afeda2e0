using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// The one way to append to the hash-chained audit log: inside the caller's transaction, so the entry commits (or
/// not) with the change it describes, and serialised across every writer so two appends never chain to the same
/// predecessor (which would fork the chain).
/// </summary>
/// <remarks>
/// PostgreSQL: a transaction-scoped advisory lock is taken before the latest hash is read and held until commit or
/// rollback, so appenders queue (replicas included). SQLite has a single writer: EF begins its transactions with
/// <c>BEGIN IMMEDIATE</c>, which takes the write lock up front, so the read of the latest hash cannot interleave with
/// another writer either.
/// </remarks>
public static class AuditTrail
{
    /// <summary>The advisory lock key of the audit chain (any constant the portal uses for nothing else: "PgPortal" as ASCII).</summary>
    public const long ChainLockKey = 0x5067506F7274616C;

    /// <summary>
    /// Locks the chain, reads the latest entry's hash and adds the new entry to <paramref name="context"/>; the caller
    /// then saves and commits. Requires a transaction begun on <paramref name="context"/>, and one entry per save
    /// (several entries of one change go through <see cref="AppendRangeAsync"/>).
    /// </summary>
    public static async Task<AuditEntry> AppendAsync(PortalDbContext context, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var entries = await AppendRangeAsync(context, [audit], cancellationToken);
        return entries[0];
    }

    /// <summary>
    /// Appends several entries at once: locks the chain and reads the latest hash once, chains the entries to it and to
    /// each other in memory, in the given order, and adds them to <paramref name="context"/>; the caller then saves them
    /// with one <c>SaveChangesAsync</c> and commits. Per entry this costs a hash and a row in the insert batch, not three
    /// round trips. Requires a transaction begun on <paramref name="context"/> and no unsaved audit entry in it.
    /// </summary>
    /// <remarks>
    /// The chain is walked by Id, so the entries must get their Ids in the order they were added. EF Core inserts added
    /// entities of one table without dependencies in the order of their temporary keys, which is the order they were
    /// added (covered by the batch tests on both providers, which verify the chain after a save).
    /// </remarks>
    public static async Task<IReadOnlyList<AuditEntry>> AppendRangeAsync(PortalDbContext context, IReadOnlyList<AuditEvent> audits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(audits);
        if (audits.Count == 0)
        {
            return [];
        }

        if (context.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An audit entry must be appended inside a transaction (BeginTransactionAsync), so it commits with its change.");
        }

        if (context.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added))
        {
            throw new InvalidOperationException("Save the pending audit entry before appending another: each entry chains to a saved one.");
        }

        if (context.Database.IsNpgsql())
        {
            await context.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
        }

        var previousHash = await context.AuditEntries.AsNoTracking()
            .OrderByDescending(a => a.Id)
            .Select(a => a.Hash)
            .FirstOrDefaultAsync(cancellationToken) ?? AuditEntry.GenesisHash;

        var entries = new List<AuditEntry>(audits.Count);
        foreach (var audit in audits)
        {
            ArgumentNullException.ThrowIfNull(audit, nameof(audits));
            var entry = new AuditEntry(
                audit.OccurredAt,
                audit.Actor,
                audit.Action,
                audit.TargetType,
                audit.TargetId,
                audit.TeamId,
                audit.Region,
                audit.CorrelationId,
                audit.Details,
                previousHash);
            entries.Add(entry);
            previousHash = entry.Hash;
        }

        context.AuditEntries.AddRange(entries);
        return entries;
    }
}
