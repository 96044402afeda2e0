using System.Net.Sockets;
using Npgsql;

namespace Portal.TestSupport;

/// <summary>
/// A fresh, uniquely named database on a real PostgreSQL server, dropped on dispose. The server comes from
/// PORTAL_TEST_POSTGRES (a connection string to a maintenance database, with a role allowed to CREATEDB).
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "PORTAL_TEST_POSTGRES";
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=portal;Password=portal_test_pw;Database=postgres";

    private readonly string _serverConnectionString;

    private PostgresTestDatabase(string serverConnectionString, string databaseName)
    {
        _serverConnectionString = serverConnectionString;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName }.ConnectionString;
    }

    public string DatabaseName { get; }

    /// <summary>Connection string to the new database.</summary>
    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured ? configured : DefaultServer;

    /// <summary>Creates an empty database named after <paramref name="purpose"/> plus a random suffix.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(string purpose, CancellationToken cancellationToken = default)
    {
        // PostgreSQL names are at most 63 bytes: "test_" + 20 + "_" + 32 hex digits fits.
        var prefix = new string([.. purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(20)]);
        var name = $"test_{prefix}_{Guid.NewGuid():N}";
        var database = new PostgresTestDatabase(ServerConnectionString, name);
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        // Pooled connections to the database would block DROP; FORCE ends any that are still open.
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", CancellationToken.None);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // FORCE may not end a backend that belongs to no role, such as an autovacuum worker that happened to
            // be on the database, unless the test role has pg_signal_backend. A plain DROP cancels autovacuum
            // itself and waits for it; our own connections are already closed.
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\"", CancellationToken.None);
        }
    }

    private async Task ExecuteOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or SocketException or TimeoutException)
        {
            var server = new NpgsqlConnectionStringBuilder(_serverConnectionString);
            throw new InvalidOperationException(
                $"Cannot reach the test PostgreSQL server at {server.Host}:{server.Port} as '{server.Username}' ({exception.Message}). " +
                "Start it and create the test role with deploy/scripts/test.sh (it installs and starts PostgreSQL), " +
                $"or point {ServerVariable} at a server where that role has CREATEDB.",
                exception);
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
