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
    /// then saves and commits. Requires a transaction begun on <paramref name="context"/>, and one entry per save.
    /// </summary>
    public static async Task<AuditEntry> AppendAsync(PortalDbContext context, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(audit);
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
        context.AuditEntries.Add(entry);
        return entry;
    }
}
