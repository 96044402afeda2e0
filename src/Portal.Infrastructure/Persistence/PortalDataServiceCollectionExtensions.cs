using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Requests;

namespace Portal.Infrastructure.Persistence;

public static class PortalDataServiceCollectionExtensions
{
    /// <summary>Health check name used by <see cref="AddPortalDatabaseCheck"/>.</summary>
    public const string HealthCheckName = "database";

    /// <summary>The Data Protection application name: every replica must use the same one to share the key ring.</summary>
    public const string DataProtectionApplicationName = "PgPortal";

    /// <summary>
    /// Registers the portal database: <see cref="DatabaseOptions"/> (section <c>Database</c> plus
    /// <c>ConnectionStrings:Portal</c>, validated on start), a pooled <see cref="IDbContextFactory{PortalDbContext}"/>
    /// for the configured provider, a scoped <see cref="PortalDbContext"/> (for the health check; components use the
    /// factory), <see cref="DatabaseMigrator"/>, and the start-up migration when <c>Database:MigrateOnStartup</c> is true.
    /// Also the stores behind the application's ports (drafts, teams, requests with their audit entry) and Data
    /// Protection with its key ring in this database, so every replica and every restart can decrypt pending secrets.
    /// </summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, IConfiguration configuration, IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(options => options.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        var contentRoot = environment?.ContentRootPath ?? Directory.GetCurrentDirectory();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var loggerFactory = provider.GetService<ILoggerFactory>();
            var sealerSignal = provider.GetRequiredService<AuditSealerSignal>();
            if (DatabaseProvider.IsPostgreSql(options.Provider))
            {
                var postgres = PortalDbContextOptions.ForPostgreSql(options.ConnectionString!, loggerFactory, sealerSignal);
                return new PortalDbContextFactory<PostgreSqlPortalDbContext>(new PooledDbContextFactory<PostgreSqlPortalDbContext>(postgres));
            }

            var sqlite = PortalDbContextOptions.ForSqlite(
                PortalDbContextOptions.ResolveSqliteConnectionString(options.ConnectionString, contentRoot), loggerFactory, sealerSignal);
            return new PortalDbContextFactory<SqlitePortalDbContext>(new PooledDbContextFactory<SqlitePortalDbContext>(sqlite));
        });
        // Every context the factory makes wakes the audit sealer when it commits audit entries (AddPortalAuditStore runs it).
        services.TryAddSingleton<AuditSealerSignal>();
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddSingleton<DatabaseMigrator>();
        services.AddHostedService<DatabaseMigrationHostedService>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<PortalDbContext>();
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        services.AddSingleton<IWizardDraftStore, WizardDraftStore>();
        services.AddSingleton<ITeamDirectory, TeamDirectory>();
        services.AddSingleton<IClusterRequestStore, ClusterRequestStore>();
        return services;
    }

    /// <summary>Adds a readiness check that opens a connection to the portal database (tag "ready").</summary>
    public static IHealthChecksBuilder AddPortalDatabaseCheck(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddDbContextCheck<PortalDbContext>(HealthCheckName, tags: ["ready"]);
    }

    /// <summary>Applies pending migrations now (for tools, tests, or a host that migrates explicitly).</summary>
    public static Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
    }
}
