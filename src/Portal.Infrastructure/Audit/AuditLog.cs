using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Audit;
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
/// </remarks>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> contexts) : IAuditLog, IDisposable
{
    /// <summary>Most entries one save carries: a bound on one statement batch and one transaction.</summary>
    public const int MaxBatch = 200;

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

        if (batch.Count == 0)
        {
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
        catch (Exception) when (batch.Count > 1)
        {
            // Nothing of the batch was committed (one transaction); each entry gets its own try, and its own outcome.
            foreach (var pending in batch)
            {
                await SaveAloneAsync(pending);
            }
        }
        catch (Exception exception)
        {
            batch[0].Committed.TrySetException(exception);
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
        // Not the caller's token: this save carries other callers' entries too.
        await using var context = await contexts.CreateDbContextAsync(CancellationToken.None);

        // One entry: the save's own single INSERT is the transaction (no BEGIN and COMMIT round trips); several: EF wraps
        // the batch in one transaction, so they commit together or not at all.
        AuditTrail.AddUnsealed(context, batch.Select(p => p.Audit).ToList());
        await context.SaveChangesAsync(CancellationToken.None);
        Saved?.Invoke(this, batch.Count);
    }

    public void Dispose() => _turn.Dispose();

    private sealed class Pending(AuditEvent audit)
    {
        public AuditEvent Audit { get; } = audit;

        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
