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

    /// <summary>The connection string of this fixture's database, for tests that register the database through DI.</summary>
    public abstract string ConnectionString { get; }

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

    /// <summary>The fixture's database as the adapters get it in the app: an <see cref="IDbContextFactory{PortalDbContext}"/>.</summary>
    public IDbContextFactory<PortalDbContext> ContextFactory() => new FixtureContextFactory(this);

    /// <summary>Configuration that points <c>AddPortalData</c> at this fixture's (already migrated) database.</summary>
    public Dictionary<string, string?> DataSettings() => new()
    {
        ["Database:Provider"] = ProviderName,
        ["Database:MigrateOnStartup"] = "false",
        ["ConnectionStrings:Portal"] = ConnectionString,
    };

    private sealed class FixtureContextFactory(PortalDatabaseFixture fixture) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => fixture.CreateContext();
    }
}

public sealed class SqliteDatabaseFixture : PortalDatabaseFixture
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portal-test-{Guid.NewGuid():N}.db");

    public override string ProviderName => DatabaseProvider.Sqlite;

    public override string ConnectionString => $"Data Source={_path}";

    public override string ListTablesSql => "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'";

    public override PortalDbContext CreateContext(ILoggerFactory? loggerFactory = null) =>
        new SqlitePortalDbContext(PortalDbContextOptions.ForSqlite(ConnectionString, loggerFactory));

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

    public override string ConnectionString =>
        _database?.ConnectionString ?? throw new InvalidOperationException("The fixture is not initialised.");

    public override string ListTablesSql => "SELECT table_name::text AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'";

    public override PortalDbContext CreateContext(ILoggerFactory? loggerFactory = null) =>
        new PostgreSqlPortalDbContext(PortalDbContextOptions.ForPostgreSql(ConnectionString, loggerFactory));

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
