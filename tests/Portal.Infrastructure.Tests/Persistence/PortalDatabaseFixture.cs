using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Infrastructure.Persistence;
using Portal.TestSupport;

namespace Portal.Infrastructure.Tests.Persistence;

/// <summary>One migrated database per test class; tests use their own rows (fresh ids and names), so none reset it.</summary>
public abstract class PortalDatabaseFixture : IAsyncLifetime
{
    public abstract string ProviderName { get; }

    /// <summary>SQL that lists the names of the tables, in a column named Value.</summary>
    public abstract string ListTablesSql { get; }

    public abstract PortalDbContext CreateContext(ILoggerFactory? loggerFactory = null);

    public async ValueTask InitializeAsync()
    {
        await CreateDatabaseAsync();
        await using var context = CreateContext();
        await context.Database.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public abstract ValueTask DisposeAsync();

    protected abstract Task CreateDatabaseAsync();
}

public sealed class SqliteDatabaseFixture : PortalDatabaseFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portal-test-{Guid.NewGuid():N}.db");

    public override string ProviderName => DatabaseProvider.Sqlite;

    public override string ListTablesSql => "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'";

    public override PortalDbContext CreateContext(ILoggerFactory? loggerFactory = null) =>
        new SqlitePortalDbContext(PortalDbContextOptions.ForSqlite($"Data Source={_path}", loggerFactory));

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        return ValueTask.CompletedTask;
    }

    protected override Task CreateDatabaseAsync() => Task.CompletedTask;
}

public sealed class PostgreSqlDatabaseFixture : PortalDatabaseFixture
{
    private PostgresTestDatabase? _database;

    public override string ProviderName => DatabaseProvider.PostgreSql;

    public override string ListTablesSql => "SELECT table_name::text AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'";

    public override PortalDbContext CreateContext(ILoggerFactory? loggerFactory = null) =>
        new PostgreSqlPortalDbContext(PortalDbContextOptions.ForPostgreSql(
            _database?.ConnectionString ?? throw new InvalidOperationException("The fixture is not initialised."), loggerFactory));

    public override async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task CreateDatabaseAsync() =>
        _database = await PostgresTestDatabase.CreateAsync("infra", TestContext.Current.CancellationToken);
}
