using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Portal.Infrastructure.Audit;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// The one place that configures EF for each provider (used by DI, design-time factories and tests). The portal's own
/// factory passes its <see cref="AuditSealerSignal"/>, so every commit with audit entries wakes the sealer.
/// </summary>
public static class PortalDbContextOptions
{
    public static DbContextOptions<SqlitePortalDbContext> ForSqlite(string connectionString, ILoggerFactory? loggerFactory = null, AuditSealerSignal? sealerSignal = null) =>
        Common(new DbContextOptionsBuilder<SqlitePortalDbContext>(), loggerFactory, sealerSignal)
            .UseSqlite(connectionString)
            // SQLite cannot alter a column, so EF rebuilds the table (AuditChainSequence) and says so on every new database:
            // a first start showed two warnings about a migration that is checked in and tested on both providers
            // (AuditChainSequenceMigrationTests). Real warnings of other kinds still show.
            .ConfigureWarnings(warnings => warnings.Ignore(SqliteEventId.TableRebuildPendingWarning, RelationalEventId.NonTransactionalMigrationOperationWarning))
            .Options;

    public static DbContextOptions<PostgreSqlPortalDbContext> ForPostgreSql(string connectionString, ILoggerFactory? loggerFactory = null, AuditSealerSignal? sealerSignal = null) =>
        Common(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>(), loggerFactory, sealerSignal)
            .UseNpgsql(connectionString)
            .Options;

    /// <summary>
    /// Makes a relative SQLite data source relative to <paramref name="contentRoot"/> and creates its folder,
    /// so <c>Data Source=App_Data/portal.db</c> lands next to the app whatever the working directory.
    /// </summary>
    public static string ResolveSqliteConnectionString(string? connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString);
        var dataSource = builder.DataSource;
        var inMemory = string.IsNullOrEmpty(dataSource)
            || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            || builder.Mode == SqliteOpenMode.Memory;
        if (inMemory || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return builder.ConnectionString;
        }

        var fullPath = Path.IsPathRooted(dataSource) ? dataSource : Path.GetFullPath(Path.Combine(contentRoot, dataSource));
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        builder.DataSource = fullPath;
        return builder.ConnectionString;
    }

    private static DbContextOptionsBuilder<T> Common<T>(DbContextOptionsBuilder<T> builder, ILoggerFactory? loggerFactory, AuditSealerSignal? sealerSignal)
        where T : DbContext
    {
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        // A commit that added audit entries wakes the sealer at once (without a signal, only its timer finds them).
        if (sealerSignal is not null)
        {
            builder.AddInterceptors(new AuditSealerCommitInterceptor(sealerSignal));
        }

        // Parameter values (names, comments, ciphertexts) never reach a log line.
        return builder.EnableSensitiveDataLogging(false);
    }
}
