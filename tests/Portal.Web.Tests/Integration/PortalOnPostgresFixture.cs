using Portal.TestSupport;

namespace Portal.Web.Tests.Integration;

/// <summary>One portal on its own fresh PostgreSQL database (built by the start-up migration) per test class.</summary>
public sealed class PortalOnPostgresFixture : IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    public PortalAppFactory Portal { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("web_host");
        Portal = PortalAppFactory.OnPostgres(_database.ConnectionString);
        // Build the host now, so every test talks to a started portal.
        _ = Portal.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
