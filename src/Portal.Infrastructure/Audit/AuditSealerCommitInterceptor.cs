using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Application.Domain.Audit;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// Wakes the sealer when audit entries are committed: a save that inserts audit entries marks its transaction, and that
/// transaction's commit pokes <see cref="AuditSealerSignal"/> (a save outside a transaction commits itself, so it pokes
/// at once). It sits on every context the portal's factory makes (<c>AddPortalData</c>), so no caller of
/// <see cref="AuditTrail"/> can forget it; a rolled-back transaction wakes nobody.
/// </summary>
public sealed class AuditSealerCommitInterceptor(AuditSealerSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marker = new();

    // Transactions (and transaction-less saves) that inserted audit entries; weak, so an abandoned one leaves nothing behind.
    private readonly ConditionalWeakTable<DbTransaction, object> _transactions = [];
    private readonly ConditionalWeakTable<DbContext, object> _saves = [];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Mark(eventData);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Mark(eventData);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WakeIfSavedAlone(eventData);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WakeIfSavedAlone(eventData);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => WakeIfMarked(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        WakeIfMarked(transaction);
        return Task.CompletedTask;
    }

    private void Mark(DbContextEventData eventData)
    {
        if (eventData.Context is not { } context || !AddsAuditEntries(context))
        {
            return;
        }

        if (context.Database.CurrentTransaction is { } transaction)
        {
            _transactions.AddOrUpdate(transaction.GetDbTransaction(), Marker);
        }
        else
        {
            _saves.AddOrUpdate(context, Marker);
        }
    }

    private static bool AddsAuditEntries(DbContext context)
    {
        // PortalDbContext has just detected changes before saving; another scan of every tracked entity would only cost time.
        var tracker = context.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = context is not Persistence.PortalDbContext && detect;
        try
        {
            return tracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void WakeIfSavedAlone(DbContextEventData eventData)
    {
        if (eventData.Context is { } context && _saves.Remove(context))
        {
            signal.Wake();
        }
    }

    private void Forget(DbContextEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            _saves.Remove(context);
        }
    }

    private void WakeIfMarked(DbTransaction transaction)
    {
        if (_transactions.Remove(transaction))
        {
            signal.Wake();
        }
    }
}
