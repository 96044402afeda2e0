using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// <c>dotnet Portal.Web.dll migrate</c>: applies the pending migrations of the configured database and exits, the
/// deployment's separate migration step (a Kubernetes Job, a one-shot compose service) so that replicas never race
/// to migrate at start-up. Reads the same settings as the portal (appsettings, environment, command line) but
/// registers only the database: no IONOS token or sign-in settings are needed.
/// Exit codes: 0 migrated (or already up to date), 2 settings invalid, 1 the migration failed.
/// </summary>
public static class DatabaseMigrationCommand
{
    public const string Name = "migrate";
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int InvalidSettings = 2;

    public static bool IsRequested(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Count > 0 && string.Equals(args[0], Name, StringComparison.OrdinalIgnoreCase);
    }

    public static async Task<int> RunAsync(
        IConfiguration configuration, IHostEnvironment environment, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddSimpleConsole(console => console.SingleLine = true));
        services.AddPortalData(configuration, environment);
        await using var provider = services.BuildServiceProvider();

        DatabaseOptions options;
        try
        {
            options = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"Migration not started: {string.Join(" ", ex.Failures)}");
            return InvalidSettings;
        }

        try
        {
            await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            await output.WriteLineAsync($"Database migrated: the {options.Provider} schema is up to date.");
            return Succeeded;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Each migration runs in its own transaction: what was applied stays, the failed one left nothing behind.
            await error.WriteLineAsync(
                $"Migration failed ({ex.GetType().Name}): {Redact(ex.GetBaseException().Message, options.ConnectionString)} " +
                "Check ConnectionStrings:Portal and Database:Provider, that the database server is reachable, and that its user may create tables; then run migrate again.");
            return Failed;
        }
    }

    /// <summary>Drivers do not put the password in their messages; this makes sure of it.</summary>
    private static string Redact(string message, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return message;
        }

        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return builder.TryGetValue("Password", out var password) && password is string { Length: > 0 } secret
                ? message.Replace(secret, "***", StringComparison.Ordinal)
                : message;
        }
        catch (ArgumentException)
        {
            return message;
        }
    }
}
