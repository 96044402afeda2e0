using Microsoft.EntityFrameworkCore;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Audit;

/// <summary>
/// <see cref="AuditLog"/>'s group commit on real databases: appends that queue while a save is under way are saved
/// together by the next caller, in the order they were queued; every caller returns only once its own entry is committed;
/// a bad entry in a shared save fails only its own caller. The appends that queue are started from inside the
/// <see cref="AuditLog.Saved"/> event, which is raised while the saving caller holds the writer's turn, so the grouping is
/// certain rather than left to timing.
/// </summary>
public sealed class AuditLogGroupCommitTests : IAsyncLifetime
{
    private const string Postgres = "postgres";
    private const string Sqlite = "sqlite";

    // A fresh database of each provider per test (xUnit makes an instance per test): the tests compare the whole table.
    private readonly PortalDatabaseFixture _postgres = new PostgreSqlDatabaseFixture();
    private readonly PortalDatabaseFixture _sqlite = new SqliteDatabaseFixture();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await _sqlite.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await _sqlite.DisposeAsync();
    }

    [Theory]
    [InlineData(Postgres)]
    [InlineData(Sqlite)]
    public async Task Append_WhileASaveIsUnderWay_TheQueuedEntriesShareTheNextSaveInQueueOrder(string provider)
    {
        await AssertQueuedEntriesShareTheNextSaveAsync(provider, queued: 10);
    }

    [Theory]
    [InlineData(Postgres)]
    [InlineData(Sqlite)]
    public async Task Append_MoreQueuedThanThePreparedBatchSizes_AreStillOneSaveInQueueOrder(string provider)
    {
        await AssertQueuedEntriesShareTheNextSaveAsync(provider, queued: 40);
    }

    private async Task AssertQueuedEntriesShareTheNextSaveAsync(string provider, int queued)
    {
        using var log = new AuditLog(Factory(provider));
        var saves = new List<int>();
        var waiting = new List<Task>();
        log.Saved += (_, count) =>
        {
            saves.Add(count);
            if (saves.Count == 1)
            {
                // Still inside the first caller's turn: these queue up behind it.
                waiting.AddRange(Enumerable.Range(1, queued).Select(i => log.AppendAsync(Event(i), Ct)));
            }
        };

        await log.AppendAsync(Event(0), Ct);
        await Task.WhenAll(waiting);

        Assert.Equal([1, queued], saves);
        await using var context = CreateContext(provider);
        var stored = await context.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Select(a => a.CorrelationId).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(0, queued + 1).Select(i => $"corr-{i}"), stored);
    }

    [Theory]
    [InlineData(Postgres)]
    [InlineData(Sqlite)]
    public async Task Append_ManyConcurrentCallers_EachEntryIsStoredOnceAndEveryCallerReturnsAfterItsCommit(string provider)
    {
        using var log = new AuditLog(Factory(provider));
        var saves = 0;
        log.Saved += (_, _) => Interlocked.Increment(ref saves);

        await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (i, ct) =>
        {
            await log.AppendAsync(Event(i), ct);

            // Returned means committed: a fresh context already sees this caller's entry.
            await using var context = CreateContext(provider);
            Assert.True(await context.AuditEntries.AnyAsync(a => a.CorrelationId == $"corr-{i}", ct), $"entry {i} not committed when its append returned");
        });

        await using var check = CreateContext(provider);
        var stored = await check.AuditEntries.AsNoTracking().Select(a => a.CorrelationId).ToListAsync(Ct);
        Assert.Equal(200, stored.Count);
        Assert.Equal(200, stored.Distinct().Count());
        Assert.InRange(saves, 1, 200);
    }

    [Theory]
    [InlineData(Postgres)]
    [InlineData(Sqlite)]
    public async Task Append_ABadEntryInASharedSave_FailsOnlyItsOwnCaller(string provider)
    {
        using var log = new AuditLog(Factory(provider));
        var saves = new List<int>();
        Task? good1 = null, bad = null, good2 = null;
        log.Saved += (_, count) =>
        {
            saves.Add(count);
            if (saves.Count == 1)
            {
                good1 = log.AppendAsync(Event(1), Ct);
                bad = log.AppendAsync(Event(2) with { Action = " " }, Ct);
                good2 = log.AppendAsync(Event(3), Ct);
            }
        };

        await log.AppendAsync(Event(0), Ct);
        await good1!;
        await good2!;
        await Assert.ThrowsAsync<ArgumentException>(() => bad!);

        // The shared save of three failed as a whole; each was then saved alone.
        Assert.Equal([1, 1, 1], saves);
        await using var context = CreateContext(provider);
        var stored = await context.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Select(a => a.CorrelationId).ToListAsync(Ct);
        Assert.Equal(["corr-0", "corr-1", "corr-3"], stored);
    }

    [Fact]
    public async Task Append_AnEntryTheDatabaseRefusesInASharedSave_FailsOnlyItsOwnCaller()
    {
        using var log = new AuditLog(Factory(Postgres));
        var first = true;
        Task? good = null, tooLong = null;
        log.Saved += (_, _) =>
        {
            if (first)
            {
                first = false;
                good = log.AppendAsync(Event(1), Ct);
                tooLong = log.AppendAsync(Event(2) with { TargetId = new string('x', 129) }, Ct);
            }
        };

        await log.AppendAsync(Event(0), Ct);
        await good!;
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => tooLong!);
        Assert.Equal(Npgsql.PostgresErrorCodes.StringDataRightTruncation, refused.SqlState);

        await using var context = CreateContext(Postgres);
        Assert.Equal(["corr-0", "corr-1"], await context.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Select(a => a.CorrelationId).ToListAsync(Ct));
    }

    [Fact]
    public async Task Append_CancelledBeforeItStarts_ThrowsAndStoresNothing()
    {
        using var log = new AuditLog(Factory(Postgres));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => log.AppendAsync(Event(0), cancelled.Token));

        await using var context = CreateContext(Postgres);
        Assert.False(await context.AuditEntries.AnyAsync(Ct));
    }

    private PortalDatabaseFixture Database(string provider) => provider == Postgres ? _postgres : _sqlite;

    private PortalDbContext CreateContext(string provider) => Database(provider).CreateContext();

    private IDbContextFactory<PortalDbContext> Factory(string provider) => Database(provider).ContextFactory();

    private static AuditEvent Event(int i) => new(
        TestData.LocalNow.AddSeconds(i), i % 2 == 0 ? TestData.Alice : TestData.Bob, "request.approved",
        "ClusterRequest", Guid.NewGuid().ToString(), null, "de-fra", $"corr-{i}", $"{{\"n\":{i}}}");
}
