using Microsoft.EntityFrameworkCore;
using Portal.Application.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;
using Portal.TestSupport;

namespace Portal.Infrastructure.Tests.Audit;

/// <summary>
/// <see cref="AuditTrail.AppendRangeAsync"/> on both providers: entries appended together, saved with one SaveChanges,
/// get their Ids in the order given and are sealed in that order, before and after single appends; concurrent batches on
/// PostgreSQL never fork the chain. Each test has a database of its own (the chain is the table).
/// </summary>
public sealed class AuditTrailBatchTests : IAsyncLifetime
{
    private PostgresTestDatabase? _postgres;
    private string? _sqlitePath;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresTestDatabase.CreateAsync("audittrail", Ct);
        _sqlitePath = Path.Combine(Path.GetTempPath(), $"audittrail-{Guid.NewGuid():N}.db");
        foreach (var provider in new[] { "postgres", "sqlite" })
        {
            await using var context = CreateContext(provider);
            await context.Database.MigrateAsync(Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_sqlitePath is not null && File.Exists(_sqlitePath))
        {
            File.Delete(_sqlitePath);
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task AppendRange_BetweenSingleAppends_ChainsInIdOrderAndVerifies(string provider)
    {
        var factory = new Factory(() => CreateContext(provider));
        await new AuditLog(factory).AppendAsync(Event(0), Ct);
        await AppendBatchAsync(factory, Enumerable.Range(1, 120).Select(Event).ToList());
        await new AuditLog(factory).AppendAsync(Event(121), Ct);

        await using (var context = CreateContext(provider))
        {
            var correlations = await context.AuditEntries.OrderBy(a => a.Id).Select(a => a.CorrelationId).ToListAsync(Ct);
            Assert.Equal(Enumerable.Range(0, 122).Select(i => $"corr-{i}"), correlations);
        }

        Assert.Equal(122, await new AuditSealer(factory).SealAsync(Ct, batchSize: 50));
        await using (var context = CreateContext(provider))
        {
            var chained = await context.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.CorrelationId).ToListAsync(Ct);
            Assert.Equal(Enumerable.Range(0, 122).Select(i => $"corr-{i}"), chained);
        }

        var result = await new AuditChainVerifier(new AuditReader(factory), TimeProvider.System).VerifyAsync(batchSize: 50, cancellationToken: Ct);
        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.Equal(122, result.EntriesChecked);
    }

    [Fact]
    public async Task AppendRange_ConcurrentBatchesOnPostgres_AreSealedIntoOneChainWithEachBatchInOrder()
    {
        var factory = new Factory(() => CreateContext("postgres"));
        await Parallel.ForAsync(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (b, _) =>
            await AppendBatchAsync(factory, Enumerable.Range(b * 25, 25).Select(Event).ToList()));
        await new AuditSealer(factory).SealAsync(Ct);

        await using (var context = CreateContext("postgres"))
        {
            var chained = await context.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.CorrelationId).ToListAsync(Ct);
            var numbers = chained.Select(c => int.Parse(c["corr-".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            foreach (var batch in numbers.GroupBy(n => n / 25))
            {
                Assert.Equal(batch.Order(), batch); // a batch saved together is chained in the order it was given
            }
        }

        var result = await new AuditChainVerifier(new AuditReader(factory), TimeProvider.System).VerifyAsync(cancellationToken: Ct);
        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.Equal(200, result.EntriesChecked);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("sqlite")]
    public async Task Append_SeveralBeforeOneSave_AreStoredUnsealedThenSealedInTheOrderAppended(string provider)
    {
        // Appending reads nothing, so there is no "save the pending entry first" rule any more.
        var factory = new Factory(() => CreateContext(provider));
        await using (var context = CreateContext(provider))
        {
            await using var transaction = await context.Database.BeginTransactionAsync(Ct);
            await AuditTrail.AppendAsync(context, Event(0), Ct);
            await AuditTrail.AppendRangeAsync(context, [Event(1), Event(2)], Ct);
            await AuditTrail.AppendAsync(context, Event(3), Ct);
            await context.SaveChangesAsync(Ct);
            await transaction.CommitAsync(Ct);
        }

        await using (var context = CreateContext(provider))
        {
            Assert.All(await context.AuditEntries.ToListAsync(Ct), e => Assert.Equal((null, null, null), (e.Sequence, e.PreviousHash, e.Hash)));
        }

        Assert.Equal(4, await new AuditSealer(factory).SealAsync(Ct));
        await using (var context = CreateContext(provider))
        {
            var chained = await context.AuditEntries.OrderBy(a => a.Sequence).Select(a => new { a.CorrelationId, a.Sequence }).ToListAsync(Ct);
            Assert.Equal(["corr-0", "corr-1", "corr-2", "corr-3"], chained.Select(c => c.CorrelationId));
            Assert.Equal([1L, 2L, 3L, 4L], chained.Select(c => c.Sequence!.Value));
        }
    }

    [Fact]
    public async Task AppendRange_OutsideATransaction_IsRefused()
    {
        await using var context = CreateContext("sqlite");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AuditTrail.AppendRangeAsync(context, [Event(1)], Ct));
        Assert.Contains("inside a transaction", error.Message, StringComparison.Ordinal);
    }

    private static async Task AppendBatchAsync(IDbContextFactory<PortalDbContext> factory, List<AuditEvent> audits)
    {
        await using var context = await factory.CreateDbContextAsync(Ct);
        await using var transaction = await context.Database.BeginTransactionAsync(Ct);
        var entries = await AuditTrail.AppendRangeAsync(context, audits, Ct);
        await context.SaveChangesAsync(Ct);
        await transaction.CommitAsync(Ct);
        Assert.Equal(audits.Count, entries.Count);
    }

    private PortalDbContext CreateContext(string provider) => provider == "postgres"
        ? new PostgreSqlPortalDbContext(PortalDbContextOptions.ForPostgreSql(_postgres!.ConnectionString, null))
        : new SqlitePortalDbContext(PortalDbContextOptions.ForSqlite($"Data Source={_sqlitePath}"));

    private static AuditEvent Event(int i) => new(
        TestData.LocalNow.AddSeconds(i), i % 2 == 0 ? TestData.Alice : TestData.Bob, "cluster.state-changed",
        "Cluster", Guid.NewGuid().ToString(), null, "de-fra", $"corr-{i}", $"{{\"n\":{i}}}");

    private sealed class Factory(Func<PortalDbContext> create) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => create();
    }
}
