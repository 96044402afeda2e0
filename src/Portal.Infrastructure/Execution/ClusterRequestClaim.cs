using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Execution;

/// <summary>
/// Takes due requests for one executor by writing a lease on them, so no other replica works on them meanwhile.
/// </summary>
/// <remarks>
/// PostgreSQL: one transaction selects the due rows <c>FOR UPDATE SKIP LOCKED</c> (another replica's claim in flight
/// skips them instead of waiting or taking them too), writes the leases and commits. SQLite is single-replica: a
/// process-wide semaphore serialises claims, which is equivalent within the one process that may use the file.
/// </remarks>
public sealed class ClusterRequestClaim(IDbContextFactory<PortalDbContext> contexts)
{
    private static readonly SemaphoreSlim SqliteClaimLock = new(1, 1);

    /// <summary>The statuses in which a request is the executor's work.</summary>
    public static IReadOnlyList<ClusterRequestStatus> ClaimableStatuses { get; } =
        [ClusterRequestStatus.Approved, ClusterRequestStatus.Submitting, ClusterRequestStatus.Provisioning];

    /// <summary>The kinds this executor knows how to execute.</summary>
    public static IReadOnlyList<ClusterRequestKind> ClaimableKinds { get; } = 
        [ClusterRequestKind.Create, ClusterRequestKind.Restore, ClusterRequestKind.Update, ClusterRequestKind.Delete];

    /// <summary>Leases up to <paramref name="batchSize"/> due requests to <paramref name="owner"/> until <paramref name="leaseUntil"/>; their ids, most overdue first.</summary>
    public async Task<IReadOnlyList<Guid>> ClaimAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (context.Database.IsNpgsql())
        {
            return await ClaimInTransactionAsync(context, owner, now, leaseUntil, batchSize, LockDueIdsOnPostgreSqlAsync, cancellationToken);
        }

        await SqliteClaimLock.WaitAsync(cancellationToken);
        try
        {
            return await ClaimInTransactionAsync(context, owner, now, leaseUntil, batchSize, SelectDueIdsAsync, cancellationToken);
        }
        finally
        {
            SqliteClaimLock.Release();
        }
    }

    private static async Task<IReadOnlyList<Guid>> ClaimInTransactionAsync(
        PortalDbContext context,
        string owner,
        DateTimeOffset now,
        DateTimeOffset leaseUntil,
        int batchSize,
        Func<PortalDbContext, DateTimeOffset, int, CancellationToken, Task<List<Guid>>> selectDueIds,
        CancellationToken cancellationToken)
    {
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var ids = await selectDueIds(context, now, batchSize, cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        var requests = await context.ClusterRequests.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var claimed = requests.Where(r => r.TryAcquireLease(owner, now, leaseUntil)).Select(r => r.Id).ToHashSet();
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. ids.Where(claimed.Contains)];
    }

    private static Task<List<Guid>> LockDueIdsOnPostgreSqlAsync(PortalDbContext context, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var statuses = ClaimableStatuses.Select(s => s.ToString()).ToArray();
        var kinds = ClaimableKinds.Select(k => k.ToString()).ToArray();
        var utcNow = now.ToUniversalTime();

        // EF has no FOR UPDATE; the filter and order are those of SelectDueIdsAsync.
        return context.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value"
            FROM "ClusterRequests"
            WHERE "Status" = ANY({statuses})
              AND "Kind" = ANY({kinds})
              AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {utcNow})
              AND ("LeaseUntil" IS NULL OR "LeaseUntil" <= {utcNow})
            ORDER BY COALESCE("NextAttemptAt", "UpdatedAt"), "Id"
            LIMIT {batchSize}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
    }

    private static Task<List<Guid>> SelectDueIdsAsync(PortalDbContext context, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var statuses = ClaimableStatuses.ToArray();
        var kinds = ClaimableKinds.ToArray();
        return context.ClusterRequests.AsNoTracking()
            .Where(r => statuses.Contains(r.Status) && kinds.Contains(r.Kind))
            .Where(r => r.NextAttemptAt == null || r.NextAttemptAt <= now)
            .Where(r => r.LeaseUntil == null || r.LeaseUntil <= now)
            .OrderBy(r => r.NextAttemptAt ?? r.UpdatedAt)
            .ThenBy(r => r.Id)
            .Select(r => r.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
    }
}
