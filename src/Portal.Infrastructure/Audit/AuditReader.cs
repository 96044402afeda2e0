using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Audit;
using Portal.Application.Domain.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// Adapter: reads the audit log for the audit page, the CSV export and the chain verifier. Read-only: it never tracks,
/// changes or removes an entry.
/// </summary>
/// <remarks>
/// Indexes it relies on (AuditEntryConfiguration): OccurredAt for the unfiltered page and time ranges (read backwards,
/// newest first, then stopped at the page); (ActorId, ActorName) to list the actors and (ActorId, OccurredAt DESC, Id DESC)
/// for their entries, after the "contains" is resolved to the matching actors (<see cref="ActorMatchAsync"/>); (Action, OccurredAt) for an exact action; (TeamId, OccurredAt) for a team;
/// (TargetType, TargetId) for a cluster, after its name is resolved to ids through ClusterRequests and ClusterSnapshots
/// (a name inside the details JSON is not indexable, so it is not searched); the primary key for the chain (keyset by Id).
/// </remarks>
public sealed class AuditReader(IDbContextFactory<PortalDbContext> contexts) : IAuditLogReader
{
    public async Task<IReadOnlyList<AuditRecord>> ReadPageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ApplyAsync(context, filter, cancellationToken) is not { } query)
        {
            return [];
        }

        var records = await Newest(query).Skip(skip).Take(take).Select(ToRecord).ToListAsync(cancellationToken);
        var slugs = await TeamSlugsAsync(context, records.Where(r => r.TeamId is not null).Select(r => r.TeamId!.Value).Distinct().ToList(), cancellationToken);
        return records.Select(r => WithSlug(r, slugs)).ToList();
    }

    public async Task<int> CountAsync(AuditFilter filter, int cap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cap);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await ApplyAsync(context, filter, cancellationToken) is { } query
            ? await query.Take(cap).CountAsync(cancellationToken)
            : 0;
    }

    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await ApplyAsync(context, filter, cancellationToken) is not { } query)
        {
            yield break;
        }

        // Teams are few; their slugs are read once, on a second context, while the first streams the entries.
        await using var teamsContext = await contexts.CreateDbContextAsync(cancellationToken);
        var slugs = await teamsContext.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Slug, cancellationToken);
        await foreach (var record in Newest(query).Select(ToRecord).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return WithSlug(record, slugs);
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadChainAsync(long afterSequence, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.AuditEntries.AsNoTracking()
            .Where(a => a.Sequence > afterSequence)
            .OrderBy(a => a.Sequence)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
    }

    public async Task<AuditUnsealed> CountUnsealedAsync(DateTimeOffset overdueBefore, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var unsealed = context.AuditEntries.AsNoTracking().Where(a => a.Sequence == null);
        var count = await unsealed.LongCountAsync(cancellationToken);
        var overdue = count == 0 ? 0 : await unsealed.LongCountAsync(a => a.OccurredAt < overdueBefore, cancellationToken);
        return new AuditUnsealed(count, overdue);
    }

    public async Task<long> CountAllAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.AuditEntries.LongCountAsync(cancellationToken);
    }

    private static readonly System.Linq.Expressions.Expression<Func<AuditEntry, AuditRecord>> ToRecord = a => new AuditRecord(
        a.Id, a.OccurredAt, a.ActorId, a.ActorName, a.Action, a.TargetType, a.TargetId, a.TeamId, null, a.Region, a.CorrelationId, a.Details);

    // (OccurredAt, Id) is unique, so this order is total and a page never shows a row twice or skips one.
    private static IQueryable<AuditEntry> Newest(IQueryable<AuditEntry> query) =>
        query.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id);

    private static AuditRecord WithSlug(AuditRecord record, Dictionary<Guid, string> slugs) =>
        record.TeamId is { } teamId && slugs.TryGetValue(teamId, out var slug) ? record with { TeamSlug = slug } : record;

    private static async Task<Dictionary<Guid, string>> TeamSlugsAsync(PortalDbContext context, List<Guid> teamIds, CancellationToken cancellationToken) =>
        teamIds.Count == 0
            ? []
            : await context.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Slug, cancellationToken);

    /// <summary>The filtered entries, or null when a filter names something that does not exist (so nothing can match).</summary>
    private static async Task<IQueryable<AuditEntry>?> ApplyAsync(PortalDbContext context, AuditFilter filter, CancellationToken cancellationToken)
    {
        var f = filter.Normalized();
        var query = context.AuditEntries.AsNoTracking();

        if (f.Actor is { } actor)
        {
            if (await ActorMatchAsync(context, actor, cancellationToken) is not { } matches)
            {
                return null;
            }

            query = query.Where(matches);
        }

        if (f.ExactAction is { } action)
        {
            query = query.Where(a => a.Action == action);
        }
        else if (f.ActionPrefix is { } prefix)
        {
            query = query.Where(a => a.Action.StartsWith(prefix));
        }

        if (f.Team is { } team)
        {
            Guid? teamId = Guid.TryParse(team, out var id)
                ? id
                : await context.Teams.AsNoTracking().Where(t => t.Slug == team).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (teamId is null)
            {
                return null;
            }

            query = query.Where(a => a.TeamId == teamId);
        }

        if (f.Cluster is { } cluster)
        {
            var targetIds = await ClusterTargetIdsAsync(context, cluster, cancellationToken);
            query = query.Where(a => targetIds.Contains(a.TargetId));
        }

        if (f.From is { } from)
        {
            query = query.Where(a => a.OccurredAt >= from);
        }

        if (f.To is { } to)
        {
            query = query.Where(a => a.OccurredAt < to);
        }

        return query;
    }

    /// <summary>
    /// The entries whose actor id or actor display name contains <paramref name="needle"/> (case-insensitive), as a
    /// predicate on actor ids, or null when no actor matches. A "contains" over every entry's actor columns cannot use an
    /// index and reads the whole log (a second at a million entries, for the capped count); the distinct (actor id, display
    /// name) pairs are few, so they are listed instead (<see cref="ActorNamesAsync"/>) and matched here. An actor whose id
    /// matches, or every name of whom matches, is selected by id alone; an actor who was renamed and matches by some of
    /// his names only is selected by id and those names, so the result is the same as the per-entry "contains".
    /// </summary>
    private static async Task<Expression<Func<AuditEntry, bool>>?> ActorMatchAsync(PortalDbContext context, string needle, CancellationToken cancellationToken)
    {
        var whole = new List<string>();
        var partly = new List<Expression<Func<AuditEntry, bool>>>();
        foreach (var actor in (await ActorNamesAsync(context, cancellationToken)).GroupBy(a => a.Id, a => a.Name, StringComparer.Ordinal))
        {
            var names = actor.Where(n => n.Contains(needle, StringComparison.OrdinalIgnoreCase)).ToList();
            if (actor.Key.Contains(needle, StringComparison.OrdinalIgnoreCase) || names.Count == actor.Count())
            {
                whole.Add(actor.Key);
            }
            else if (names.Count > 0)
            {
                var id = actor.Key;
                partly.Add(a => a.ActorId == id && names.Contains(a.ActorName));
            }
        }

        // One actor (the usual case) as an equality, so PostgreSQL reads (ActorId, OccurredAt DESC, Id DESC) newest first
        // and stops at the page; "= ANY(list)" makes it walk the time index and filter instead.
        var only = whole.Count == 1 ? whole[0] : null;
        Expression<Func<AuditEntry, bool>>? match = whole.Count switch
        {
            0 => null,
            1 => a => a.ActorId == only,
            _ => a => whole.Contains(a.ActorId),
        };
        foreach (var renamed in partly)
        {
            match = match is null ? renamed : Or(match, renamed);
        }

        return match;
    }

    private static Expression<Func<AuditEntry, bool>> Or(Expression<Func<AuditEntry, bool>> left, Expression<Func<AuditEntry, bool>> right) =>
        Expression.Lambda<Func<AuditEntry, bool>>(
            Expression.OrElse(left.Body, new ParameterSwap(right.Parameters[0], left.Parameters[0]).Visit(right.Body)), left.Parameters);

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    /// <summary>
    /// Every distinct (actor id, display name) pair in the log, by a loose index scan of (ActorId, ActorName): one probe of
    /// the index per pair, each for the next pair after the previous one, instead of a read of every entry. The same SQL
    /// runs on PostgreSQL and SQLite (row values compare and seek an index on both).
    /// </summary>
    private static Task<List<ActorName>> ActorNamesAsync(PortalDbContext context, CancellationToken cancellationToken) =>
        context.Database.SqlQueryRaw<ActorName>("""
            WITH RECURSIVE pairs("Id", "Name") AS (
                SELECT * FROM (SELECT e."ActorId", e."ActorName" FROM "AuditEntries" e ORDER BY e."ActorId", e."ActorName" LIMIT 1) first
                UNION ALL
                SELECT (SELECT e."ActorId" FROM "AuditEntries" e WHERE (e."ActorId", e."ActorName") > (p."Id", p."Name")
                        ORDER BY e."ActorId", e."ActorName" LIMIT 1),
                       (SELECT e."ActorName" FROM "AuditEntries" e WHERE (e."ActorId", e."ActorName") > (p."Id", p."Name")
                        ORDER BY e."ActorId", e."ActorName" LIMIT 1)
                FROM pairs p WHERE p."Id" IS NOT NULL
            )
            SELECT "Id", "Name" FROM pairs WHERE "Id" IS NOT NULL
            """).ToListAsync(cancellationToken);

    private sealed record ActorName(string Id, string Name);

    /// <summary>
    /// The ids entries about a cluster are recorded against: the value itself (a request id or IONOS cluster id), the
    /// requests that name the cluster, and the IONOS id of a cluster of that name.
    /// </summary>
    private static async Task<List<string>> ClusterTargetIdsAsync(PortalDbContext context, string cluster, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal) { cluster };
        var requests = await context.ClusterRequests.AsNoTracking()
            .Where(r => r.ClusterName == cluster || r.ExecutionClusterName == cluster || r.TargetClusterId == cluster)
            .Select(r => new { r.Id, r.TargetClusterId })
            .Take(500)
            .ToListAsync(cancellationToken);
        foreach (var request in requests)
        {
            ids.Add(request.Id.ToString());
            if (request.TargetClusterId is { } clusterId)
            {
                ids.Add(clusterId);
            }
        }

        var snapshots = await context.ClusterSnapshots.AsNoTracking()
            .Where(s => s.Name == cluster)
            .Select(s => s.ClusterId)
            .Take(100)
            .ToListAsync(cancellationToken);
        ids.UnionWith(snapshots);
        return [.. ids];
    }
}
