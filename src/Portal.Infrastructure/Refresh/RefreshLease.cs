using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Portal.Infrastructure.Refresh;

/// <summary>Decides whether this replica is the one that refreshes.</summary>
public interface IRefreshLease : IAsyncDisposable
{
    /// <summary>True when this replica holds the lease (acquiring it now if it is free).</summary>
    Task<bool> TryAcquireAsync(CancellationToken cancellationToken);
}

/// <summary>
/// SQLite: one portal replica per database file, so the refresher always runs and no lock is taken.
/// </summary>
public sealed class SingleReplicaLease : IRefreshLease
{
    public Task<bool> TryAcquireAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// PostgreSQL: <c>pg_try_advisory_lock</c> held on a dedicated, unpooled connection for as long as this replica refreshes.
/// If the replica dies its session ends, the lock goes with it, and the next standby to try takes over. Each attempt
/// first checks that the held connection is still alive; a broken connection means the lock is lost.
/// </summary>
public sealed partial class PostgresAdvisoryLease(string connectionString, long key, ILogger<PostgresAdvisoryLease> logger) : IRefreshLease
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString)
    {
        // A pooled connection would go back to the pool on close with the session, and the lock, still alive.
        Pooling = false,
        ApplicationName = "PgPortal refresher lock",
    }.ConnectionString;

    private NpgsqlConnection? _connection;
    private int _disposed;

    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not null)
            {
                if (await IsAliveAsync(_connection, cancellationToken))
                {
                    return true;
                }

                LogLost(logger, key);
                await DropAsync();
            }

            var connection = new NpgsqlConnection(_connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                if (await command.ExecuteScalarAsync(cancellationToken) is true)
                {
                    _connection = connection;
                    LogAcquired(logger, key);
                    return true;
                }
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            await connection.DisposeAsync();
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            if (_connection is not null)
            {
                LogReleased(logger, key);
                await DropAsync();
            }
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    private static async Task<bool> IsAliveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    // Closing the session releases the lock.
    private async Task DropAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica now refreshes cluster states (advisory lock {LockKey} acquired)")]
    private static partial void LogAcquired(ILogger logger, long lockKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection holding advisory lock {LockKey} broke; the lock is lost and will be tried again")]
    private static partial void LogLost(ILogger logger, long lockKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Advisory lock {LockKey} released")]
    private static partial void LogReleased(ILogger logger, long lockKey);
}
