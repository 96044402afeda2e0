using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Portal.Application.Audit;
using Portal.Application.Domain.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// Adapter: appends an entry that belongs to no other change (sign-in, access denied, an export) in a transaction of its
/// own, through <see cref="AuditTrail"/>; the sealer chains it like every other entry.
/// </summary>
/// <remarks>
/// Group commit: concurrent appends share one save. Each call queues its entry and then takes the writer's turn; the
/// caller holding the turn saves every entry queued by then (up to <see cref="MaxBatch"/>) in one transaction, and the
/// callers whose entries it saved return without a save of their own. Nobody waits for a timer: a lone append is saved at
/// once, exactly as before, and under load each commit carries the entries that queued up during the previous one. Every
/// call still returns only after its own entry is committed. A batch that fails is retried entry by entry, so one bad entry
/// fails only its own caller. The instance must be a singleton (<see cref="AuditStoreRegistration"/>) for appends to meet.
/// On PostgreSQL a save is one multi-row INSERT of all its entries (one round trip, atomic as one statement, no change
/// tracking, prepared for the usual batch sizes), after which it wakes the sealer itself (<paramref name="sealerSignal"/>;
/// the commit interceptor only sees EF saves); on SQLite, the zero-configuration default, it is an EF save.
/// </remarks>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> contexts, AuditSealerSignal? sealerSignal = null) : IAuditLog, IDisposable
{
    /// <summary>Most entries one save carries: a bound on one statement (and its parameters) and one transaction.</summary>
    public const int MaxBatch = 200;

    // The PostgreSQL insert's parameters per entry.
    private const int Columns = 10;

    // Batch sizes whose INSERT is prepared (one statement per size on each pooled connection); larger batches are rare and
    // their parse and plan are shared by many entries anyway.
    private const int PreparedUpTo = 32;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Raised after each committed save (on the saving caller's thread) with how many entries it carried.</summary>
    public event EventHandler<int>? Saved;

    public async Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(audit);
        _queue.Enqueue(pending);

        // Once queued, the entry is written whatever happens to this caller: the wait is not cancellable (it lasts at most
        // a few saves), so an entry can never be left behind in the queue with nobody to save it.
        await _turn.WaitAsync(CancellationToken.None);
        try
        {
            while (!pending.Committed.Task.IsCompleted)
            {
                await SaveQueuedAsync();
            }
        }
        finally
        {
            _turn.Release();
        }

        await pending.Committed.Task;
    }

    /// <summary>Saves the queued entries, oldest first, in one transaction; on failure, each of them alone.</summary>
    private async Task SaveQueuedAsync()
    {
        var batch = new List<Pending>(Math.Min(_queue.Count, MaxBatch));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count == 1)
        {
            await SaveAloneAsync(batch[0]);
            return;
        }

        try
        {
            await SaveAsync(batch);
            foreach (var pending in batch)
            {
                pending.Committed.TrySetResult();
            }
        }
        catch (Exception)
        {
            // Nothing of the batch was committed (one transaction); each entry gets its own try, and its own outcome.
            foreach (var pending in batch)
            {
                await SaveAloneAsync(pending);
            }
        }
    }

    private async Task SaveAloneAsync(Pending pending)
    {
        try
        {
            await SaveAsync([pending]);
            pending.Committed.TrySetResult();
        }
        catch (Exception exception)
        {
            pending.Committed.TrySetException(exception);
        }
    }

    private async Task SaveAsync(IReadOnlyList<Pending> batch)
    {
        var entries = batch.Select(p => AuditTrail.NewEntry(p.Audit)).ToList();

        // Not the caller's token: this save carries other callers' entries too.
        await using var context = await contexts.CreateDbContextAsync(CancellationToken.None);
        if (context.Database.IsNpgsql())
        {
            await InsertPostgreSqlAsync(context, entries);
            sealerSignal?.Wake();
        }
        else
        {
            // One entry: the save's own single INSERT is the transaction; several: EF wraps them in one transaction.
            context.AuditEntries.AddRange(entries);
            await context.SaveChangesAsync(CancellationToken.None);
        }

        Saved?.Invoke(this, batch.Count);
    }

    /// <summary>
    /// One multi-row INSERT for the whole batch (ten parameters a row), on the context's connection: one round trip, atomic
    /// as one statement, and the rows take their identities in the order of the VALUES list, which is the queue's order.
    /// </summary>
    private static async Task InsertPostgreSqlAsync(PortalDbContext context, List<AuditEntry> entries)
    {
        // Each value becomes the next parameter (@p0, @p1, ...); a row lists its ten in the column order of the INSERT.
        var parameters = new List<NpgsqlParameter>(entries.Count * Columns);
        string Next(NpgsqlDbType type, object? value)
        {
            var name = $"p{parameters.Count}";
            parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
            return "@" + name;
        }

        var rows = entries.Select(e =>
            $"({Next(NpgsqlDbType.TimestampTz, e.OccurredAt)}, {Next(NpgsqlDbType.Varchar, e.ActorId)}, {Next(NpgsqlDbType.Varchar, e.ActorName)}, " +
            $"{Next(NpgsqlDbType.Varchar, e.Action)}, {Next(NpgsqlDbType.Varchar, e.TargetType)}, {Next(NpgsqlDbType.Varchar, e.TargetId)}, " +
            $"{Next(NpgsqlDbType.Uuid, e.TeamId)}, {Next(NpgsqlDbType.Varchar, e.Region)}, {Next(NpgsqlDbType.Varchar, e.CorrelationId)}, " +
            $"{Next(NpgsqlDbType.Text, e.Details)})").ToList();

        var sql = $"""
            INSERT INTO "AuditEntries" ("OccurredAt", "ActorId", "ActorName", "Action", "TargetType", "TargetId", "TeamId", "Region", "CorrelationId", "Details")
            VALUES {string.Join(", ", rows)}
            """;
        await context.Database.OpenConnectionAsync(CancellationToken.None);
        try
        {
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)context.Database.GetDbConnection());
            command.Parameters.AddRange(parameters.ToArray());
            if (entries.Count <= PreparedUpTo)
            {
                // Prepared once per pooled connection and batch size, then reused: PostgreSQL skips parsing and planning.
                await command.PrepareAsync(CancellationToken.None);
            }

            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    public void Dispose() => _turn.Dispose();

    private sealed class Pending(AuditEvent audit)
    {
        public AuditEvent Audit { get; } = audit;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
