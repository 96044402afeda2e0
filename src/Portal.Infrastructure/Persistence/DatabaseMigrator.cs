using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Persistence;

/// <summary>Applies the checked-in migrations of the configured provider.</summary>
public sealed partial class DatabaseMigrator(IDbContextFactory<PortalDbContext> contextFactory, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contextFactory.CreateDbContextAsync(cancellationToken);
        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            LogUpToDate(logger, context.Database.ProviderName);
            return;
        }

        LogApplying(logger, pending.Count, context.Database.ProviderName, pending[^1]);
        await context.Database.MigrateAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is up to date ({Provider})")]
    private static partial void LogUpToDate(ILogger logger, string? provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) on {Provider}, up to {LastMigration}")]
    private static partial void LogApplying(ILogger logger, int count, string? provider, string lastMigration);
}
