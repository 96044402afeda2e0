using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using Portal.Infrastructure.Persistence;
using Portal.TestSupport;

namespace Portal.Web.Tests.Hosting;

/// <summary>
/// The migration step: <c>dotnet Portal.Web.dll migrate</c> run as the deployment runs it (a real process, settings from
/// environment variables, a real PostgreSQL database), and a portal started with <c>Database:MigrateOnStartup=false</c>
/// that stays unready until the step has run.
/// </summary>
public sealed class MigrateCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_EmptyPostgreSqlDatabase_AppliesEveryMigrationThenExitsZeroAgain()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate_cmd", Ct);

        var first = await RunMigrateAsync(PostgresSettings(database.ConnectionString));
        var second = await RunMigrateAsync(PostgresSettings(database.ConnectionString));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("schema is up to date", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", connection);
        Assert.True((long)(await command.ExecuteScalarAsync(Ct))! > 0);
    }

    [Fact]
    public async Task Migrate_UnreachableServer_ExitsOneWithAMessageSayingWhatToCheckAndNoPassword()
    {
        var result = await RunMigrateAsync(PostgresSettings("Host=127.0.0.1;Port=1;Database=pgportal;Username=pgportal;Password=Sup3r-S3cret-Pw;Timeout=3"));

        Assert.True(result.ExitCode == DatabaseMigrationCommand.Failed, result.ToString());
        Assert.Contains("Migration failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Portal", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Sup3r-S3cret-Pw", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_PostgreSqlWithoutConnectionString_ExitsTwoNamingTheSetting()
    {
        var result = await RunMigrateAsync(new() { ["Database__Provider"] = "PostgreSql" });

        Assert.True(result.ExitCode == DatabaseMigrationCommand.InvalidSettings, result.ToString());
        Assert.Contains("ConnectionStrings:Portal is required", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portal_MigrateOnStartupOff_IsUnreadyUntilTheMigrationStepRuns()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("migrate_ready", Ct);
        await using var portal = PortalAppFactory.OnPostgres(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Database:MigrateOnStartup"] = "false",
            ["Portal:Execution:Enabled"] = "false",
            ["Portal:Refresh:Enabled"] = "false",
        });
        using var client = portal.CreateClient();

        using (var before = await client.GetAsync("/health/ready", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
            var schema = await CheckAsync(before, DatabaseMigrationHealthCheck.Name);
            Assert.Equal("Unhealthy", schema.GetProperty("status").GetString());
            Assert.Contains("Portal.Web.dll migrate", schema.GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Portal"] = database.ConnectionString,
            ["Logging:LogLevel:Default"] = "None",
        }).Build();
        using var output = new StringWriter();
        var exitCode = await DatabaseMigrationCommand.RunAsync(configuration, Environment(), output, output, Ct);
        Assert.True(exitCode == 0, output.ToString());

        using var after = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("Healthy", (await CheckAsync(after, DatabaseMigrationHealthCheck.Name)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Migrate_Sqlite_CreatesTheFileAndReportsSuccessInProcess()
    {
        var path = Path.Combine(Path.GetTempPath(), $"portal-migrate-{Guid.NewGuid():N}.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = $"Data Source={path}",
            ["Logging:LogLevel:Default"] = "None", // the command logs to the console; keep it out of the test run's output
        }).Build();
        using var output = new StringWriter();
        try
        {
            Assert.Equal(0, await DatabaseMigrationCommand.RunAsync(configuration, Environment(), output, output, Ct));
            Assert.Contains("Sqlite schema is up to date", output.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(path));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(new[] { "migrate" }, true)]
    [InlineData(new[] { "MIGRATE", "--Database:Provider=PostgreSql" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://+:8080" }, false)]
    public void IsRequested_OnlyWhenTheFirstArgumentIsMigrate(string[] args, bool expected) =>
        Assert.Equal(expected, DatabaseMigrationCommand.IsRequested(args));

    private static HostingEnvironment Environment() => new() { EnvironmentName = Environments.Production, ContentRootPath = Path.GetTempPath() };

    private static async Task<JsonElement> CheckAsync(HttpResponseMessage response, string name)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return body.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }

    private static Dictionary<string, string> PostgresSettings(string connectionString) => new()
    {
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Portal"] = connectionString,
    };

    /// <summary>Runs the published entry point as the migration Job does, in an empty working directory, settings from the environment only.</summary>
    private static async Task<ProcessResult> RunMigrateAsync(Dictionary<string, string> environment)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("portal-migrate-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(PortalEntryPoint());
            start.ArgumentList.Add("migrate");
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(Ct);
            var error = process.StandardError.ReadToEndAsync(Ct);
            await process.WaitForExitAsync(Ct);
            return new ProcessResult(process.ExitCode, await output, await error);
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }

    /// <summary>Portal.Web.dll beside its runtimeconfig: in this test's output when the build copied it there, else the project's own output.</summary>
    private static string PortalEntryPoint()
    {
        var here = typeof(Program).Assembly.Location;
        if (File.Exists(Path.ChangeExtension(here, ".runtimeconfig.json")))
        {
            return here;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name; // bin/<Configuration>/net10.0/
        return Path.Combine(RepositoryPaths.Root, "src", "Portal.Web", "bin", configuration, "net10.0", "Portal.Web.dll");
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
