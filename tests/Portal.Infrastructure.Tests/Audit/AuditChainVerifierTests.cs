using Microsoft.EntityFrameworkCore;
using Portal.Application.Audit;
using Portal.Application.Domain.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;
using Portal.TestSupport;

namespace Portal.Infrastructure.Tests.Audit;

/// <summary>
/// The audit tamper test on PostgreSQL: entries written through the real append path and sealed, then changed behind the
/// application's back with raw SQL (as someone with database access would), and the verifier names the first broken entry.
/// Each test has a database of its own, because the chain is the whole table.
/// </summary>
public sealed class AuditChainVerifierTests : IAsyncLifetime
{
    private const string Columns = "\"OccurredAt\", \"ActorId\", \"ActorName\", \"Action\", \"TargetType\", \"TargetId\", \"TeamId\", \"Region\", \"CorrelationId\", \"Details\", \"PreviousHash\", \"Hash\"";

    private PostgresTestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConnectionString => _database!.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("auditchain", Ct);
        await using var context = CreateContext();
        await context.Database.MigrateAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Verify_EmptyLog_IsIntactWithNothingChecked()
    {
        var result = await Verifier().VerifyAsync(cancellationToken: Ct);

        Assert.True(result.IsIntact);
        Assert.Equal(0, result.EntriesChecked);
    }

    [Fact]
    public async Task Verify_IntactChainOf2500_IsOkAndReadInBatches()
    {
        await InsertChainAsync(2500);
        var reader = new CountingReader(new AuditReader(Contexts()));
        var progress = new RecordingProgress();

        var result = await new AuditChainVerifier(reader, TimeProvider.System).VerifyAsync(progress, batchSize: 100, Ct);

        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.Equal(2500, result.EntriesChecked);
        Assert.Null(result.FirstBreak);
        Assert.Equal(26, reader.Batches); // 25 full batches and the empty one that ends the walk
        Assert.Equal(100, reader.LargestBatch);
        Assert.Equal(new AuditChainProgress(2500, 2500), progress.Reports[^1]);
        Assert.True(progress.Reports.Count > 20, "Progress is reported per batch.");
    }

    [Fact]
    public async Task Verify_DetailsEditedWithRawSql_ReportsThatEntryAsContentChanged()
    {
        var ids = await AppendAsync(10);
        await ExecuteAsync($"UPDATE \"AuditEntries\" SET \"Details\" = '{{\"cores\":64}}' WHERE \"Id\" = {ids[4]}");

        var result = await Verifier().VerifyAsync(batchSize: 3, cancellationToken: Ct);

        Assert.False(result.IsIntact);
        Assert.Equal(ids[4], result.FirstBreak!.EntryId);
        Assert.Equal(AuditChainProblem.ContentChanged, result.FirstBreak.Problem);
        Assert.Equal(ids[3], result.FirstBreak.PreviousEntryId);
        Assert.Equal(5, result.EntriesChecked);
        Assert.Contains($"Entry {ids[4]}", result.FirstBreak.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EntryEditedAndItsHashRecomputed_ReportsTheNextEntryAsLinkBroken()
    {
        var ids = await AppendAsync(6);
        await using (var context = CreateContext())
        {
            // A careful forger recomputes the edited entry's own hash; the next entry still points at the old one.
            var original = await context.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == ids[2], Ct);
            var forged = AuditHash.Compute(original.OccurredAt, original.ActorId, original.ActorName, original.Action, original.TargetType,
                original.TargetId, original.TeamId, original.Region, original.CorrelationId, "{}", original.PreviousHash!);
            await context.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Details\" = '{{}}', \"Hash\" = {forged} WHERE \"Id\" = {ids[2]}", Ct);
        }

        var result = await Verifier().VerifyAsync(cancellationToken: Ct);

        Assert.Equal(ids[3], result.FirstBreak!.EntryId);
        Assert.Equal(AuditChainProblem.LinkBroken, result.FirstBreak.Problem);
    }

    [Fact]
    public async Task Verify_EntryDeletedWithRawSql_ReportsTheEntryAfterTheGapAsLinkBroken()
    {
        var ids = await AppendAsync(10);
        await ExecuteAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {ids[6]}");

        var result = await Verifier().VerifyAsync(batchSize: 4, cancellationToken: Ct);

        Assert.False(result.IsIntact);
        Assert.Equal(ids[7], result.FirstBreak!.EntryId);
        Assert.Equal(AuditChainProblem.LinkBroken, result.FirstBreak.Problem);
        Assert.Equal(ids[5], result.FirstBreak.PreviousEntryId);
        Assert.Equal(7, result.EntriesChecked);
    }

    [Fact]
    public async Task Verify_FirstEntryDeleted_ReportsTheNewFirstEntryAsNotFollowingTheStart()
    {
        var ids = await AppendAsync(3);
        await ExecuteAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {ids[0]}");

        var result = await Verifier().VerifyAsync(cancellationToken: Ct);

        Assert.Equal(ids[1], result.FirstBreak!.EntryId);
        Assert.Equal(AuditChainProblem.LinkBroken, result.FirstBreak.Problem);
        Assert.Null(result.FirstBreak.PreviousEntryId);
        Assert.Contains("the start of the log", result.FirstBreak.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TwoEntriesSwappedWithRawSql_ReportsTheFirstOfThePairAsLinkBroken()
    {
        var ids = await AppendAsync(10);
        // Every column but the id moves: each row still matches its own hash, only the order is wrong.
        var set = string.Join(", ", Columns.Split(", ").Select(c => $"{c} = b.{c}"));
        await ExecuteAsync(
            $"UPDATE \"AuditEntries\" AS a SET {set} FROM \"AuditEntries\" AS b " +
            $"WHERE (a.\"Id\" = {ids[3]} AND b.\"Id\" = {ids[4]}) OR (a.\"Id\" = {ids[4]} AND b.\"Id\" = {ids[3]})");

        var result = await Verifier().VerifyAsync(batchSize: 2, cancellationToken: Ct);

        Assert.False(result.IsIntact);
        Assert.Equal(ids[3], result.FirstBreak!.EntryId);
        Assert.Equal(AuditChainProblem.LinkBroken, result.FirstBreak.Problem);
        Assert.Equal(4, result.EntriesChecked);
        await using var context = CreateContext();
        Assert.True((await context.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == ids[3], Ct)).HasValidHash());
    }

    [Fact]
    public async Task Verify_ChainAppendedAfterTampering_StillReportsTheFirstBreak()
    {
        var ids = await AppendAsync(5);
        await ExecuteAsync($"UPDATE \"AuditEntries\" SET \"ActorName\" = 'Mallory' WHERE \"Id\" = {ids[1]}");
        await AppendAsync(3);

        var result = await Verifier().VerifyAsync(cancellationToken: Ct);

        Assert.Equal(ids[1], result.FirstBreak!.EntryId);
        Assert.Equal(AuditChainProblem.ContentChanged, result.FirstBreak.Problem);
    }

    [Fact]
    public async Task Verify_SequencesOfTwoSealedEntriesSwapped_ReportsTheFirstOfThePairAsLinkBroken()
    {
        var ids = await AppendAsync(6);
        // The chain order is the sequence: swapping two entries' sequences (and nothing else) reorders the chain.
        await ExecuteAsync(
            $"UPDATE \"AuditEntries\" SET \"Sequence\" = -\"Sequence\" WHERE \"Id\" IN ({ids[2]}, {ids[3]})");
        await ExecuteAsync(
            $"UPDATE \"AuditEntries\" SET \"Sequence\" = CASE WHEN \"Id\" = {ids[2]} THEN 4 ELSE 3 END WHERE \"Id\" IN ({ids[2]}, {ids[3]})");

        var result = await Verifier().VerifyAsync(cancellationToken: Ct);

        Assert.Equal(ids[3], result.FirstBreak!.EntryId);
        Assert.Equal(AuditChainProblem.LinkBroken, result.FirstBreak.Problem);
        Assert.Equal(ids[1], result.FirstBreak.PreviousEntryId);
    }

    [Fact]
    public async Task Verify_EntryEditedAndUnsealedToBeResealed_ReportsTheGapAndTheOverdueEntry()
    {
        var ids = await AppendAsync(5);
        // A forger edits a sealed entry and clears its seal, hoping the sealer re-chains it at the end.
        await ExecuteAsync(
            $"UPDATE \"AuditEntries\" SET \"Details\" = '{{}}', \"Sequence\" = NULL, \"PreviousHash\" = NULL, \"Hash\" = NULL WHERE \"Id\" = {ids[1]}");

        var before = await Verifier().VerifyAsync(cancellationToken: Ct);
        await new AuditSealer(Contexts()).SealAsync(Ct);
        var after = await Verifier().VerifyAsync(cancellationToken: Ct);

        Assert.Equal(ids[2], before.FirstBreak!.EntryId);
        Assert.Equal(AuditChainProblem.LinkBroken, before.FirstBreak.Problem);
        Assert.Equal(new AuditUnsealed(1, 1), before.Unsealed); // it occurred long before the verifier's minute
        Assert.True(before.SealingOverdue);
        Assert.Equal(ids[2], after.FirstBreak!.EntryId);
        Assert.Equal(new AuditUnsealed(0, 0), after.Unsealed);
    }

    [Fact]
    public async Task Verify_EntriesNotSealedYet_AreCountedNotCheckedAndOnlyOldOnesAreOverdue()
    {
        await AppendAsync(3);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestData.LocalNow.AddSeconds(10));
        var log = new AuditLog(Contexts());
        await log.AppendAsync(Event(0), Ct);   // occurred at LocalNow: 10 s before the clock
        await log.AppendAsync(Event(5), Ct);   // 5 s before the clock

        var fresh = await new AuditChainVerifier(new AuditReader(Contexts()), clock).VerifyAsync(cancellationToken: Ct);
        clock.Advance(TimeSpan.FromSeconds(52));
        var late = await new AuditChainVerifier(new AuditReader(Contexts()), clock).VerifyAsync(cancellationToken: Ct);

        Assert.True(fresh.IsIntact);
        Assert.Equal(3, fresh.EntriesChecked);
        Assert.Equal(new AuditUnsealed(2, 0), fresh.Unsealed);
        Assert.False(fresh.SealingOverdue);
        Assert.True(late.IsIntact);
        Assert.Equal(new AuditUnsealed(2, 1), late.Unsealed);
        Assert.True(late.SealingOverdue);
    }

    private PortalDbContext CreateContext() => new PostgreSqlPortalDbContext(PortalDbContextOptions.ForPostgreSql(ConnectionString, null));

    private IDbContextFactory<PortalDbContext> Contexts() => new Factory(this);

    private AuditChainVerifier Verifier() => new(new AuditReader(Contexts()), TimeProvider.System);

    private async Task ExecuteAsync(string sql)
    {
        await using var context = CreateContext();
        // Raw SQL with no parameters: braces in it are literal, not format holes.
        var rows = await context.Database.ExecuteSqlRawAsync(sql.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal), Ct);
        Assert.True(rows > 0, $"The tampering statement changed nothing: {sql}");
    }

    /// <summary>Appends through the production path (<see cref="AuditLog"/>, then <see cref="AuditSealer"/>); returns the ids in chain order.</summary>
    private async Task<List<long>> AppendAsync(int count)
    {
        var log = new AuditLog(Contexts());
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync(Event(i), Ct);
        }

        await new AuditSealer(Contexts()).SealAsync(Ct);
        await using var context = CreateContext();
        return await context.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.Id).ToListAsync(Ct);
    }

    /// <summary>A long chain built in memory and inserted in one go (appending 2,500 one by one is slow and proves nothing more).</summary>
    private async Task InsertChainAsync(int count)
    {
        await using var context = CreateContext();
        var previous = AuditEntry.GenesisHash;
        for (var i = 0; i < count; i++)
        {
            var e = Event(i);
            var entry = new AuditEntry(e.OccurredAt, e.Actor, e.Action, e.TargetType, e.TargetId, e.TeamId, e.Region, e.CorrelationId, e.Details);
            entry.Seal(i + 1, previous);
            context.AuditEntries.Add(entry);
            previous = entry.Hash!;
            if ((i + 1) % 500 == 0)
            {
                await context.SaveChangesAsync(Ct);
            }
        }

        await context.SaveChangesAsync(Ct);
    }

    private static AuditEvent Event(int i) => new(
        TestData.LocalNow.AddSeconds(i), i % 2 == 0 ? TestData.Alice : TestData.Bob, i % 3 == 0 ? "request.submitted" : "request.approved",
        "ClusterRequest", Guid.NewGuid().ToString(), Guid.NewGuid(), "de-fra", $"corr-{i}", $"{{\"n\":{i}}}");

    private sealed class Factory(AuditChainVerifierTests tests) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => tests.CreateContext();
    }

    private sealed class RecordingProgress : IProgress<AuditChainProgress>
    {
        public List<AuditChainProgress> Reports { get; } = [];

        public void Report(AuditChainProgress value) => Reports.Add(value);
    }

    private sealed class CountingReader(IAuditLogReader inner) : IAuditLogReader
    {
        public int Batches { get; private set; }

        public int LargestBatch { get; private set; }

        public async Task<IReadOnlyList<AuditEntry>> ReadChainAsync(long afterSequence, int batchSize, CancellationToken cancellationToken)
        {
            var batch = await inner.ReadChainAsync(afterSequence, batchSize, cancellationToken);
            Batches++;
            LargestBatch = Math.Max(LargestBatch, batch.Count);
            return batch;
        }

        public Task<long> CountAllAsync(CancellationToken cancellationToken) => inner.CountAllAsync(cancellationToken);

        public Task<AuditUnsealed> CountUnsealedAsync(DateTimeOffset overdueBefore, CancellationToken cancellationToken) =>
            inner.CountUnsealedAsync(overdueBefore, cancellationToken);

        public Task<IReadOnlyList<Application.Audit.AuditRecord>> ReadPageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken) =>
            inner.ReadPageAsync(filter, skip, take, cancellationToken);

        public Task<int> CountAsync(AuditFilter filter, int cap, CancellationToken cancellationToken) => inner.CountAsync(filter, cap, cancellationToken);

        public IAsyncEnumerable<Application.Audit.AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken) =>
            inner.StreamAsync(filter, cancellationToken);
    }
}
