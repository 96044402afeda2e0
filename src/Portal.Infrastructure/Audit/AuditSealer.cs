using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Portal.Application.Domain.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// Chains committed, unsealed audit entries (<see cref="AuditEntry.Seal"/>), a batch per transaction: take the chain's lock
/// (PostgreSQL: transaction-scoped advisory lock <see cref="AuditTrail.ChainLockKey"/>, so sealers on several replicas take
/// turns; SQLite: EF begins with <c>BEGIN IMMEDIATE</c>, the database's single write lock), read the last sealed entry, read
/// the unsealed entries in Id order (the partial index on unsealed rows keeps this O(unsealed)), give each the next sequence,
/// its predecessor's hash and its own hash, write them with one set-based UPDATE that only touches rows still unsealed,
/// commit. Only committed entries are visible to it, so a rolled-back append is never sealed, and an entry whose transaction
/// committed late is sealed in a later batch, after entries with higher ids: the chain order is the sequence.
/// </summary>
public sealed class AuditSealer(IDbContextFactory<PortalDbContext> contexts)
{
    /// <summary>Entries per transaction: large enough to amortise the lock and the commit, small enough to keep each one short.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Raised after each committed batch (on the sealing thread): how many entries, and the last sequence given.</summary>
    public event EventHandler<AuditSealedEventArgs>? Sealed;

    /// <summary>Seals batch after batch until no committed entry is left unsealed; returns how many it sealed.</summary>
    public async Task<int> SealAsync(CancellationToken cancellationToken, int batchSize = DefaultBatchSize)
    {
        var total = 0;
        while (true)
        {
            var sealedNow = await SealBatchAsync(batchSize, cancellationToken);
            total += sealedNow;
            if (sealedNow < batchSize)
            {
                return total;
            }
        }
    }

    /// <summary>Seals at most <paramref name="batchSize"/> entries, the lowest unsealed ids first, in one transaction; returns how many.</summary>
    public async Task<int> SealBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var postgres = context.Database.IsNpgsql();
        if (postgres)
        {
            await context.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AuditTrail.ChainLockKey})", cancellationToken);
        }

        // Both reads come after the lock: under READ COMMITTED each statement sees what the previous sealer committed.
        var last = await context.AuditEntries.AsNoTracking()
            .Where(a => a.Sequence != null)
            .OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        var batch = await context.AuditEntries.AsNoTracking()
            .Where(a => a.Sequence == null)
            .OrderBy(a => a.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        var sequence = last?.Sequence ?? 0;
        var previousHash = last?.Hash ?? AuditEntry.GenesisHash;
        foreach (var entry in batch)
        {
            entry.Seal(++sequence, previousHash);
            previousHash = entry.Hash!;
        }

        var updated = postgres
            ? await WritePostgreSqlAsync(context, batch, cancellationToken)
            : await WriteSqliteAsync(context, batch, cancellationToken);
        if (updated != batch.Count)
        {
            // Cannot happen while every sealer takes the lock; if it does, nothing of this batch is kept.
            throw new InvalidOperationException($"Sealing wrote {updated} of {batch.Count} audit entries: another writer sealed some of them. The batch was rolled back.");
        }

        await transaction.CommitAsync(cancellationToken);
        Sealed?.Invoke(this, new AuditSealedEventArgs(batch.Count, sequence));
        return batch.Count;
    }

    private static Task<int> WritePostgreSqlAsync(PortalDbContext context, List<AuditEntry> batch, CancellationToken cancellationToken) =>
        context.Database.ExecuteSqlRawAsync(
            """
            UPDATE "AuditEntries" AS a
            SET "Sequence" = s.sequence, "PreviousHash" = s.previous_hash, "Hash" = s.hash
            FROM unnest(@ids, @sequences, @previous, @hashes) AS s(id, sequence, previous_hash, hash)
            WHERE a."Id" = s.id AND a."Sequence" IS NULL
            """,
            [
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = batch.Select(e => e.Id).ToArray() },
                new NpgsqlParameter("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = batch.Select(e => e.Sequence!.Value).ToArray() },
                new NpgsqlParameter("previous", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(e => e.PreviousHash!).ToArray() },
                new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = batch.Select(e => e.Hash!).ToArray() },
            ],
            cancellationToken);

    private static Task<int> WriteSqliteAsync(PortalDbContext context, List<AuditEntry> batch, CancellationToken cancellationToken)
    {
        var rows = new string[batch.Count];
        var parameters = new object[batch.Count * 4];
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i];
            rows[i] = $"(@i{i}, @s{i}, @p{i}, @h{i})";
            parameters[(i * 4) + 0] = new SqliteParameter($"@i{i}", entry.Id);
            parameters[(i * 4) + 1] = new SqliteParameter($"@s{i}", entry.Sequence!.Value);
            parameters[(i * 4) + 2] = new SqliteParameter($"@p{i}", entry.PreviousHash!);
            parameters[(i * 4) + 3] = new SqliteParameter($"@h{i}", entry.Hash!);
        }

        var sql = $"""
            UPDATE "AuditEntries"
            SET "Sequence" = s.column2, "PreviousHash" = s.column3, "Hash" = s.column4
            FROM (VALUES {string.Join(", ", rows)}) AS s
            WHERE "AuditEntries"."Id" = s.column1 AND "AuditEntries"."Sequence" IS NULL
            """;
        return context.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }
}

/// <summary>One committed batch of the sealer: <see cref="Count"/> entries sealed, up to sequence <see cref="LastSequence"/>.</summary>
public sealed class AuditSealedEventArgs(int count, long lastSequence) : EventArgs
{
    public int Count { get; } = count;

    public long LastSequence { get; } = lastSequence;
}
