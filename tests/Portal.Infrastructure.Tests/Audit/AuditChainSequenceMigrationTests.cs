using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Domain.Audit;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Tests.Persistence;
using Portal.TestSupport;

namespace Portal.Infrastructure.Tests.Audit;

/// <summary>
/// Migration AuditChainSequence on a log written by the old append path (chained in Id order, no sequence): every existing
/// entry gets its Id order as its sequence, the chain still verifies, and new appends are sealed after it.
/// </summary>
public sealed class AuditChainSequenceMigrationTests : IAsyncLifetime
{
    private const string Before = "AuditActorIndex";

    private PostgresTestDatabase? _postgres;
    private string? _sqlitePath;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresTestDatabase.CreateAsync("auditmigration", Ct);
        _sqlitePath = Path.Combine(Path.GetTempPath(), $"auditmigration-{Guid.NewGuid():N}.db");
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
    public async Task Migrate_LogChainedByIdBefore_NumbersEntriesInIdOrderAndTheChainStillVerifies(string provider)
    {
        await using (var context = CreateContext(provider))
        {
            await context.GetService<IMigrator>().MigrateAsync(Before, cancellationToken: Ct);
            await InsertOldStyleChainAsync(context, 30);
        }

        await using (var context = CreateContext(provider))
        {
            await context.Database.MigrateAsync(Ct);
            var rows = await context.AuditEntries.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.Sequence }).ToListAsync(Ct);
            Assert.Equal(Enumerable.Range(1, 30).Select(i => (long?)i), rows.Select(r => r.Sequence));
        }

        var contexts = new Factory(() => CreateContext(provider));
        await new AuditLog(contexts).AppendAsync(
            new Application.Requests.Create.AuditEvent(TestData.LocalNow, TestData.Bob, "request.approved", "ClusterRequest", "r", null, null, "corr-new", "{}"), Ct);
        Assert.Equal(1, await new AuditSealer(contexts).SealAsync(Ct));
        var result = await new AuditChainVerifier(new AuditReader(contexts), TimeProvider.System).VerifyAsync(batchSize: 7, cancellationToken: Ct);
        Assert.True(result.IsIntact, result.FirstBreak?.Description);
        Assert.Equal(31, result.EntriesChecked);
    }

    /// <summary>Rows as the old append path wrote them: each chained to the one with the next lower id, no sequence column.</summary>
    private static async Task InsertOldStyleChainAsync(PortalDbContext context, int count)
    {
        var previous = AuditEntry.GenesisHash;
        for (var i = 0; i < count; i++)
        {
            var at = UtcTime.Normalize(TestData.LocalNow.AddSeconds(i));
            var (actor, action, target, correlation, details) = (TestData.Alice, "request.submitted", $"r-{i}", $"corr-{i}", $"{{\"n\":{i}}}");
            var hash = AuditHash.Compute(at, actor.Id, actor.DisplayName, action, "ClusterRequest", target, null, "de-fra", correlation, details, previous);
            var occurredAt = context.Database.IsNpgsql() ? (object)at : at.UtcTicks;
            await context.Database.ExecuteSqlAsync($"""
                INSERT INTO "AuditEntries" ("OccurredAt", "ActorId", "ActorName", "Action", "TargetType", "TargetId", "TeamId", "Region", "CorrelationId", "Details", "PreviousHash", "Hash")
                VALUES ({occurredAt}, {actor.Id}, {actor.DisplayName}, {action}, {"ClusterRequest"}, {target}, NULL, {"de-fra"}, {correlation}, {details}, {previous}, {hash})
                """, Ct);
            previous = hash;
        }
    }

    private PortalDbContext CreateContext(string provider) => provider == "postgres"
        ? new PostgreSqlPortalDbContext(PortalDbContextOptions.ForPostgreSql(_postgres!.ConnectionString, null))
        : new SqlitePortalDbContext(PortalDbContextOptions.ForSqlite($"Data Source={_sqlitePath}"));

    private sealed class Factory(Func<PortalDbContext> create) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => create();
    }
}
