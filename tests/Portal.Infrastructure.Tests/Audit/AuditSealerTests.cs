using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;
using Portal.TestSupport;

namespace Portal.Infrastructure.Tests.Audit;

/// <summary>
/// The sequencer design on real databases: appends only insert; <see cref="AuditSealer"/> chains what is committed, by
/// sequence; several sealers (replicas) take turns; the hosted sealer is woken by the commit itself and, for entries other
/// replicas wrote, by its timer. Each test has a database of its own (the chain is the whole table).
/// </summary>
public sealed class AuditSealerTests : IAsyncLifetime
{
    private const string Postgres = "postgres";
    private const string Sqlite = "sqlite";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<ServiceProvider> _providers = [];
    private PostgresTestDatabase? _postgres;
    private string? _sqlitePath;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresTestDatabase.CreateAsync("auditsealer", Ct);
        _sqlitePath = Path.Combine(Path.GetTempPath(), $"auditsealer-{Guid.NewGuid():N}.db");
        foreach (var provider in new[] { Postgres, Sqlite })
        {
            await using var context = CreateContext(provider);
            await context.Database.MigrateAsync(Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

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
    [InlineData(Postgres)]
    [InlineData(Sqlite)]
    public async Task Seal_AppendedEntries_GetSequencesOneToNAndTheChainVerifies(string provider)
    {
        var contexts = Factory(provider);
        var log = new AuditLog(contexts);
        for (var i = 0; i < 25; i++)
        {
            await log.AppendAsync(Event(i), Ct);
        }

        var sealer = new AuditSealer(contexts);
        Assert.Equal(25, await sealer.SealAsync(Ct, batchSize: 10));
        Assert.Equal(0, await sealer.SealAsync(Ct));

        await using var context = CreateContext(provider);
        var chain = await context.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long?)i), chain.Select(e => e.Sequence));
        Assert.Equal(chain.Select(e => e.Id).Order(), chain.Select(e => e.Id)); // nothing committed late here: Id order
        var result = await Verifier(contexts).VerifyAsync(cancellationToken: Ct);
        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.Equal(25, result.EntriesChecked);
    }

    [Theory]
    [InlineData(Postgres, 40)]
    [InlineData(Sqlite, 8)]
    public async Task Seal_ConcurrentAppendersOnTwoReplicasWithTwoSealers_OneUnbrokenChainWithoutDuplicateOrMissingSequence(string provider, int appendsPerWriter)
    {
        const int Writers = 8;
        var replicas = new[] { Replica(provider, new FakeTimeProvider()), Replica(provider, new FakeTimeProvider()) };
        using var appending = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // Two sealers, one per replica, sealing over and over while eight writers append through both replicas.
        var sealers = replicas.Select(r => Task.Run(async () =>
        {
            var sealer = r.GetRequiredService<AuditSealer>();
            var total = 0;
            while (!appending.IsCancellationRequested)
            {
                total += await sealer.SealAsync(Ct, batchSize: 7);
            }

            return total + await sealer.SealAsync(Ct, batchSize: 7);
        }, Ct)).ToArray();
        await Parallel.ForAsync(0, Writers, new ParallelOptions { MaxDegreeOfParallelism = Writers, CancellationToken = Ct }, async (w, ct) =>
        {
            var log = replicas[w % 2].GetRequiredService<IAuditLog>();
            for (var i = 0; i < appendsPerWriter; i++)
            {
                await log.AppendAsync(Event((w * 1000) + i), ct);
            }
        });
        await appending.CancelAsync();
        var sealedBy = await Task.WhenAll(sealers);

        var total = Writers * appendsPerWriter;
        Assert.Equal(total, sealedBy.Sum());
        await using var context = CreateContext(provider);
        var sequences = await context.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).Select(a => a.Sequence).ToListAsync(Ct);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long?)i), sequences);
        var result = await Verifier(Factory(provider)).VerifyAsync(batchSize: 50, cancellationToken: Ct);
        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.Equal(total, result.EntriesChecked);
        Assert.Equal(new AuditUnsealed(0, 0), result.Unsealed);
    }

    [Fact]
    public async Task Seal_TransactionCommittingLate_ItsLowerIdIsSealedAfterAHigherOneAndTheChainVerifies()
    {
        var contexts = Factory(Postgres);
        var sealer = new AuditSealer(contexts);
        await new AuditLog(contexts).AppendAsync(Event(0), Ct);

        // A business transaction inserts its entry (taking the lower id) and is still open...
        await using var slow = CreateContext(Postgres);
        await using var slowTransaction = await slow.Database.BeginTransactionAsync(Ct);
        var late = await AuditTrail.AppendAsync(slow, Event(1), Ct);
        await slow.SaveChangesAsync(Ct);

        // ...while another commits after it and is sealed: the open one is invisible to the sealer.
        await new AuditLog(contexts).AppendAsync(Event(2), Ct);
        Assert.Equal(2, await sealer.SealAsync(Ct));

        await slowTransaction.CommitAsync(Ct);
        Assert.Equal(1, await sealer.SealAsync(Ct));

        await using var context = CreateContext(Postgres);
        var chain = await context.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync(Ct);
        Assert.Equal(["corr-0", "corr-2", "corr-1"], chain.Select(e => e.CorrelationId));
        Assert.True(chain[2].Id < chain[1].Id, "The late entry has the lower id.");
        Assert.Equal(late.Id, chain[2].Id);
        var result = await Verifier(contexts).VerifyAsync(cancellationToken: Ct);
        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.Equal(3, result.EntriesChecked);
    }

    [Theory]
    [InlineData(Postgres)]
    [InlineData(Sqlite)]
    public async Task Seal_AppendRolledBack_IsNeverSealedAndLeavesNoGap(string provider)
    {
        var contexts = Factory(provider);
        await new AuditLog(contexts).AppendAsync(Event(0), Ct);
        await using (var context = CreateContext(provider))
        {
            await using var transaction = await context.Database.BeginTransactionAsync(Ct);
            await AuditTrail.AppendAsync(context, Event(1), Ct);
            await context.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        await new AuditLog(contexts).AppendAsync(Event(2), Ct);

        Assert.Equal(2, await new AuditSealer(contexts).SealAsync(Ct));
        await using var check = CreateContext(provider);
        var chain = await check.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).Select(a => new { a.CorrelationId, a.Sequence }).ToListAsync(Ct);
        Assert.Equal(["corr-0", "corr-2"], chain.Select(e => e.CorrelationId));
        Assert.Equal([1L, 2L], chain.Select(e => e.Sequence!.Value));
        Assert.True((await Verifier(contexts).VerifyAsync(cancellationToken: Ct)).IsIntact);
    }

    [Theory]
    [InlineData(Postgres, false)]
    [InlineData(Postgres, true)]
    [InlineData(Sqlite, false)]
    [InlineData(Sqlite, true)]
    public async Task HostedSealer_CommitWithAuditEntry_IsSealedAtOnceWithoutTheTimer(string provider, bool inBusinessTransaction)
    {
        var clock = new WaitingClock();
        var replica = Replica(provider, clock);
        var sealedNow = SealedSignal(replica);
        await StartSealerAsync(replica);
        await clock.WaitingForTimer.WaitAsync(Patience, Ct); // the first round is done; the loop waits for a wake-up or the timer

        if (inBusinessTransaction)
        {
            // As the stores do: the entry is saved inside a transaction; only its commit may wake the sealer.
            await using var business = await replica.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
            await using var transaction = await business.Database.BeginTransactionAsync(Ct);
            await AuditTrail.AppendAsync(business, Event(0), Ct);
            await business.SaveChangesAsync(Ct);
            Assert.False(sealedNow.Task.IsCompleted);
            await transaction.CommitAsync(Ct);
        }
        else
        {
            await replica.GetRequiredService<IAuditLog>().AppendAsync(Event(0), Ct); // its own save is its transaction
        }

        var batch = await sealedNow.Task.WaitAsync(Patience, Ct);

        Assert.Equal((1, 1L), (batch.Count, batch.LastSequence));
        Assert.Equal(0, clock.Advanced); // the clock never moved: the commit woke the sealer
        await using var context = CreateContext(provider);
        Assert.True((await context.AuditEntries.AsNoTracking().SingleAsync(Ct)).HasValidHash());
    }

    [Theory]
    [InlineData(Postgres)]
    [InlineData(Sqlite)]
    public async Task HostedSealer_EntryCommittedByAnotherReplica_IsSealedWhenTheTimerFires(string provider)
    {
        var clock = new WaitingClock();
        var sealing = Replica(provider, clock);
        var other = Replica(provider, new FakeTimeProvider()); // writes, runs no sealer
        var sealedNow = SealedSignal(sealing);
        await StartSealerAsync(sealing);
        await clock.WaitingForTimer.WaitAsync(Patience, Ct);

        await other.GetRequiredService<IAuditLog>().AppendAsync(Event(0), Ct);
        await using (var context = CreateContext(provider))
        {
            // The other replica's commit wakes only its own sealer: this one sleeps until its timer.
            Assert.Null((await context.AuditEntries.AsNoTracking().SingleAsync(Ct)).Sequence);
        }

        Assert.False(sealedNow.Task.IsCompleted);
        clock.Advance(Interval);
        var batch = await sealedNow.Task.WaitAsync(Patience, Ct);

        Assert.Equal(1, batch.Count);
        await using var check = CreateContext(provider);
        Assert.Equal(1, (await check.AuditEntries.AsNoTracking().SingleAsync(Ct)).Sequence);
    }

    [Theory]
    [InlineData(Postgres)]
    [InlineData(Sqlite)]
    public async Task HostedSealer_CommitsDuringThePauseAfterARound_AreSealedTogetherWhenThePauseEnds(string provider)
    {
        var clock = new WaitingClock();
        var replica = Replica(provider, clock);
        var rounds = System.Threading.Channels.Channel.CreateUnbounded<AuditSealedEventArgs>();
        replica.GetRequiredService<AuditSealer>().Sealed += (_, e) => rounds.Writer.TryWrite(e);
        var log = replica.GetRequiredService<IAuditLog>();
        await StartSealerAsync(replica);
        await clock.WaitingForTimer.WaitAsync(Patience, Ct); // idle: waiting for a wake-up or the interval

        // Found idle, a commit is sealed at once; then the sealer pauses (a timer on the clock) before it looks again.
        await log.AppendAsync(Event(0), Ct);
        Assert.Equal((1, 1L), await NextRoundAsync());
        await clock.WaitingForTimer.WaitAsync(Patience, Ct);

        for (var i = 1; i <= 3; i++)
        {
            await log.AppendAsync(Event(i), Ct);
        }

        Assert.False(rounds.Reader.TryRead(out _)); // paused: the three wait
        clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal((3, 4L), await NextRoundAsync());
        Assert.Equal(1, clock.Advanced);

        async Task<(int, long)> NextRoundAsync()
        {
            var round = await rounds.Reader.ReadAsync(Ct).AsTask().WaitAsync(Patience, Ct);
            return (round.Count, round.LastSequence);
        }
    }

    private static TaskCompletionSource<AuditSealedEventArgs> SealedSignal(IServiceProvider replica)
    {
        var sealedNow = new TaskCompletionSource<AuditSealedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        replica.GetRequiredService<AuditSealer>().Sealed += (_, e) => sealedNow.TrySetResult(e);
        return sealedNow;
    }

    private static async Task StartSealerAsync(IServiceProvider replica)
    {
        var service = replica.GetServices<IHostedService>().OfType<AuditSealerService>().Single();
        await service.StartAsync(Ct);
    }

    /// <summary>A replica of the portal as far as the audit log goes: its own service provider on the shared database.</summary>
    private ServiceProvider Replica(string provider, TimeProvider clock)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider == Postgres ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite,
            ["Database:MigrateOnStartup"] = "false",
            ["ConnectionStrings:Portal"] = ConnectionString(provider),
            ["Portal:Audit:SealInterval"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddPortalData(configuration);
        services.AddPortalAuditStore();
        var built = services.BuildServiceProvider();
        _providers.Add(built);
        return built;
    }

    private string ConnectionString(string provider) => provider == Postgres ? _postgres!.ConnectionString : $"Data Source={_sqlitePath}";

    private PortalDbContext CreateContext(string provider) => provider == Postgres
        ? new PostgreSqlPortalDbContext(PortalDbContextOptions.ForPostgreSql(ConnectionString(provider), null))
        : new SqlitePortalDbContext(PortalDbContextOptions.ForSqlite(ConnectionString(provider)));

    private ContextFactory Factory(string provider) => new(() => CreateContext(provider));

    private static AuditChainVerifier Verifier(IDbContextFactory<PortalDbContext> contexts) => new(new AuditReader(contexts), TimeProvider.System);

    private static AuditEvent Event(int i) => new(
        TestData.LocalNow.AddSeconds(i), i % 2 == 0 ? TestData.Alice : TestData.Bob, "request.approved",
        "ClusterRequest", Guid.NewGuid().ToString(), null, "de-fra", $"corr-{i}", $"{{\"n\":{i}}}");

    private sealed class ContextFactory(Func<PortalDbContext> create) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => create();
    }

    /// <summary>A fake clock that says when someone starts waiting on it (the sealer's loop, between rounds).</summary>
    private sealed class WaitingClock : FakeTimeProvider
    {
        private readonly SemaphoreSlim _timers = new(0);

        public int Advanced { get; private set; }

        public Task WaitingForTimer => _timers.WaitAsync(Ct);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _timers.Release();
            return timer;
        }

        public new void Advance(TimeSpan by)
        {
            Advanced++;
            base.Advance(by);
        }
    }
}
