using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// Readiness: Unhealthy while the database has migrations this version expects but nobody applied (the migration step
/// has not run yet), so a new replica takes no traffic on an old schema while the old replicas keep serving. Once the
/// schema is seen up to date it stays so for the life of the process (migrations are never rolled back under it), and
/// the check costs nothing more.
/// </summary>
public sealed class DatabaseMigrationHealthCheck(IDbContextFactory<PortalDbContext> contexts) : IHealthCheck
{
    public const string Name = "database-schema";

    private volatile bool _upToDate;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_upToDate)
        {
            return HealthCheckResult.Healthy("Database schema is up to date.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            _upToDate = true;
            return HealthCheckResult.Healthy("Database schema is up to date.");
        }

        return new HealthCheckResult(
            context.Registration.FailureStatus,
            $"{pending.Count} database migration(s) pending, up to {pending[^1]}: run the migration step (dotnet Portal.Web.dll migrate) before this version takes traffic.");
    }
}

public static class DatabaseMigrationHealthCheckRegistration
{
    /// <summary>Adds <see cref="DatabaseMigrationHealthCheck"/> (tag "ready").</summary>
    public static IHealthChecksBuilder AddPortalDatabaseMigrationCheck(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<DatabaseMigrationHealthCheck>();
        return builder.AddCheck<DatabaseMigrationHealthCheck>(DatabaseMigrationHealthCheck.Name, HealthStatus.Unhealthy, ["ready"]);
    }
}
