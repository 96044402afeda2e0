using Portal.Application.Domain.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// The one way to append to the audit log: inside the caller's transaction, so the entry commits (or not) with the change
/// it describes. An append is an insert and nothing else: no lock, no read. The entry is stored unsealed and
/// <see cref="AuditSealer"/> chains it right after the commit (the commit itself wakes the sealer, see
/// <see cref="AuditSealerCommitInterceptor"/>), so concurrent writers, on any replica, never queue behind one another.
/// </summary>
public static class AuditTrail
{
    /// <summary>
    /// The advisory lock key of the audit chain (any constant the portal uses for nothing else: "PgPortal" as ASCII). Only
    /// the sealer takes it, for the few milliseconds of one batch, so sealers on several replicas take turns.
    /// </summary>
    public const long ChainLockKey = 0x5067506F7274616C;

    /// <summary>
    /// Adds the new, unsealed entry to <paramref name="context"/>; the caller then saves and commits. Requires a transaction
    /// begun on <paramref name="context"/>.
    /// </summary>
    public static async Task<AuditEntry> AppendAsync(PortalDbContext context, AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var entries = await AppendRangeAsync(context, [audit], cancellationToken);
        return entries[0];
    }

    /// <summary>
    /// Adds several unsealed entries at once, in the given order; the caller then saves them (one <c>SaveChangesAsync</c>
    /// inserts them in one batch) and commits. Requires a transaction begun on <paramref name="context"/>.
    /// </summary>
    /// <remarks>
    /// The sealer chains committed entries in Id order, so entries of one save are chained in the order they were added:
    /// EF Core inserts added entities of one table without dependencies in the order they were added (covered by the batch
    /// tests on both providers).
    /// </remarks>
    public static Task<IReadOnlyList<AuditEntry>> AppendRangeAsync(PortalDbContext context, IReadOnlyList<AuditEvent> audits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(audits);
        cancellationToken.ThrowIfCancellationRequested();
        if (audits.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>([]);
        }

        if (context.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An audit entry must be appended inside a transaction (BeginTransactionAsync), so it commits with its change.");
        }

        return Task.FromResult(AddUnsealed(context, audits));
    }

    /// <summary>
    /// Adds the entries, unsealed, to <paramref name="context"/> without asking for a transaction: for entries that belong
    /// to no other change (<see cref="AuditLog"/> on SQLite), whose own save is their transaction.
    /// </summary>
    internal static IReadOnlyList<AuditEntry> AddUnsealed(PortalDbContext context, IReadOnlyList<AuditEvent> audits)
    {
        var entries = new List<AuditEntry>(audits.Count);
        foreach (var audit in audits)
        {
            entries.Add(NewEntry(audit));
        }

        context.AuditEntries.AddRange(entries);
        return entries;
    }

    /// <summary>The new, unsealed entry for <paramref name="audit"/> (its constructor checks the required fields).</summary>
    internal static AuditEntry NewEntry(AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return new AuditEntry(
            audit.OccurredAt,
            audit.Actor,
            audit.Action,
            audit.TargetType,
            audit.TargetId,
            audit.TeamId,
            audit.Region,
            audit.CorrelationId,
            audit.Details);
    }
}
