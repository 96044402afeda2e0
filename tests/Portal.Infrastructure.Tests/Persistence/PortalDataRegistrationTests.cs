using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Tests.Persistence;

public sealed class PortalDataRegistrationTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(Path.GetTempPath(), $"portal-host-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("MySql")]
    [InlineData("")]
    public void Options_UnknownProvider_FailWithMessageNamingTheSetting(string provider)
    {
        using var services = BuildServices(new() { ["Database:Provider"] = provider });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains("Database:Provider must be Sqlite or PostgreSql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_PostgreSqlWithoutConnectionString_FailWithMessageNamingTheSetting()
    {
        using var services = BuildServices(new() { ["Database:Provider"] = "PostgreSql" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains("ConnectionStrings:Portal is required when Database:Provider is PostgreSql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_MalformedConnectionString_FailWithoutEchoingIt()
    {
        using var services = BuildServices(new() { ["ConnectionStrings:Portal"] = "Password=hunter2;garbage" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DatabaseOptions>>().Value);

        Assert.Contains("ConnectionStrings:Portal is not a well-formed connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_NoConfiguration_DefaultToSqliteWithMigrationOnStartup()
    {
        using var services = BuildServices([]);

        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;

        Assert.Equal(("Sqlite", true, null), (options.Provider, options.MigrateOnStartup, options.ConnectionString));
    }

    [Fact]
    public void Factory_PostgreSqlProvider_CreatesPostgreSqlContextWithoutSensitiveLogging()
    {
        using var services = BuildServices(new()
        {
            ["Database:Provider"] = "postgresql",
            ["ConnectionStrings:Portal"] = "Host=127.0.0.1;Database=portal;Username=portal;Password=secret",
        });

        using var context = services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();

        Assert.IsType<PostgreSqlPortalDbContext>(context);
        Assert.False(context.GetService<ILoggingOptions>().IsSensitiveDataLoggingEnabled);
    }

    [Fact]
    public async Task Host_StartedWithNoConfiguration_CreatesMigratedSqliteDatabaseUnderContentRootAppData()
    {
        using var host = BuildHost([]);

        await host.StartAsync(Ct);
        var factory = host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var context = await factory.CreateDbContextAsync(Ct);
        var pending = await context.Database.GetPendingMigrationsAsync(Ct);
        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"), Ct);
        await host.StopAsync(Ct);

        Assert.IsType<SqlitePortalDbContext>(context);
        Assert.True(File.Exists(Path.Combine(_contentRoot, "App_Data", "portal.db")));
        Assert.Empty(pending);
        Assert.Equal(HealthStatus.Healthy, health.Entries[PortalDataServiceCollectionExtensions.HealthCheckName].Status);
    }

    [Fact]
    public async Task Host_StartedWithMigrateOnStartupOff_LeavesTheSchemaAlone()
    {
        using var host = BuildHost(new() { ["Database:MigrateOnStartup"] = "false" });

        await host.StartAsync(Ct);
        await using var context = await host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var pending = await context.Database.GetPendingMigrationsAsync(Ct);
        await host.StopAsync(Ct);

        Assert.NotEmpty(pending);
    }

    [Fact]
    public async Task Host_StartedWithInvalidProvider_FailsBeforeServingWithMessageNamingTheSetting()
    {
        using var host = BuildHost(new() { ["Database:Provider"] = "Oracle" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("Database:Provider must be Sqlite or PostgreSql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigratePortalDatabaseAsync_CalledExplicitly_AppliesEveryMigration()
    {
        using var services = BuildServices(new() { ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(_contentRoot, "explicit.db")}" });

        await services.MigratePortalDatabaseAsync(Ct);
        await using var context = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);

        Assert.Empty(await context.Database.GetPendingMigrationsAsync(Ct));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_contentRoot))
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
    }

    private ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPortalData(configuration, new TestEnvironment(_contentRoot));
        return services.BuildServiceProvider();
    }

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        Directory.CreateDirectory(_contentRoot);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddPortalData(builder.Configuration, builder.Environment);
        builder.Services.AddHealthChecks().AddPortalDatabaseCheck();
        return builder.Build();
    }

    private sealed class TestEnvironment(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "Portal.Infrastructure.Tests";

        public string ContentRootPath { get; set; } = contentRoot;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } =
            new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
