using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ionos.Emulator;
using Ionos.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Clusters;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Refresh;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Refresh;

/// <summary>
/// A fresh emulator under a fake clock and a fresh PostgreSQL database per test, with refreshers built as the host
/// builds them (real IONOS client, real advisory lock).
/// </summary>
public sealed class RefreshHarness : IAsyncDisposable
{
    public const string Berlin = "de-txl";
    public const string Frankfurt = "de-fra";

    private readonly List<ServiceProvider> _providers = [];
    private readonly List<ClusterStateRefresher> _refreshers = [];

    private RefreshHarness(EmulatorServer emulator, PostgreSqlDatabaseFixture database, FakeTimeProvider clock)
    {
        Emulator = emulator;
        Database = database;
        Clock = clock;
    }

    public EmulatorServer Emulator { get; }

    public PostgreSqlDatabaseFixture Database { get; }

    public FakeTimeProvider Clock { get; }

    public ClusterChangeFeed Feed { get; } = new();

    /// <summary>Each test gets its own lock key, so tests running side by side on one server never elect each other.</summary>
    public long LockKey { get; } = Random.Shared.NextInt64(1, long.MaxValue);

    public static async Task<RefreshHarness> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var emulator = await EmulatorServer.StartAsync(
            new EmulatorOptions
            {
                Regions = [Berlin, Frankfurt],
                DefaultRegion = Berlin,
                ProvisioningDelay = TimeSpan.FromSeconds(10),
                UpdatingDelay = TimeSpan.FromSeconds(6),
                DestroyingDelay = TimeSpan.FromSeconds(4),
            },
            clock,
            cancellationToken: TestContext.Current.CancellationToken);
        var database = new PostgreSqlDatabaseFixture();
        await database.InitializeAsync();
        return new RefreshHarness(emulator, database, clock);
    }

    public ClusterStateRefresher CreateRefresher()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ionos:Token"] = "test-token",
            ["Ionos:Regions:0:Code"] = Berlin,
            ["Ionos:Regions:0:BaseUrl"] = Emulator.RegionAddress(Berlin).ToString(),
            ["Ionos:Regions:1:Code"] = Frankfurt,
            ["Ionos:Regions:1:BaseUrl"] = Emulator.RegionAddress(Frankfurt).ToString(),
            ["Ionos:MaxRetryAttempts"] = "1",
            ["Ionos:RetryBaseDelay"] = "00:00:00.010",
            ["Ionos:RetryMaxDelay"] = "00:00:00.050",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPortalIonosAdapters(configuration);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);

        var refresher = new ClusterStateRefresher(
            provider.GetRequiredService<IIonosPostgresClientFactory>(),
            Database.ContextFactory(),
            Feed,
            new PostgresAdvisoryLease(Database.ConnectionString, LockKey, NullLogger<PostgresAdvisoryLease>.Instance),
            Clock,
            new FixedOptions(new ClusterRefreshOptions { BusyInterval = TimeSpan.FromSeconds(5), QuietInterval = TimeSpan.FromSeconds(60) }),
            NullLogger<ClusterStateRefresher>.Instance);
        _refreshers.Add(refresher);
        return refresher;
    }

    public PortalDbContext Context() => Database.CreateContext();

    /// <summary>Creates clusters through the emulator's HTTP API, a few requests at a time; returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> CreateClustersAsync(string region, int count, string prefix = "pg")
    {
        using var http = new HttpClient { BaseAddress = Emulator.RegionAddress(region) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        var ids = new string[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (i, ct) =>
            {
                using var response = await http.PostAsJsonAsync("clusters", new JsonObject { ["properties"] = Properties($"{prefix}-{i:D5}") }, ct);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
                ids[i] = body!["id"]!.GetValue<string>();
            });
        return ids;
    }

    public async Task DeleteClusterAsync(string region, string id)
    {
        using var http = new HttpClient { BaseAddress = Emulator.RegionAddress(region) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
        using var response = await http.DeleteAsync(new Uri($"clusters/{id}", UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<int> CountAsync(Func<PortalDbContext, IQueryable<object>> query)
    {
        await using var context = Context();
        return await query(context).CountAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var refresher in _refreshers)
        {
            await refresher.DisposeAsync();
        }

        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        await Database.DisposeAsync();
    }

    private static JsonObject Properties(string name) => new()
    {
        ["name"] = name,
        ["description"] = "refresher test",
        ["version"] = "16",
        ["instances"] = new JsonObject { ["count"] = 1, ["cores"] = 2, ["ram"] = 4, ["storageSize"] = 20 },
        ["connection"] = new JsonObject { ["datacenterId"] = "5a029f4a-72e5-11ec-90d6-0242ac120003", ["lanId"] = "2", ["primaryInstanceAddress"] = "192.168.1.100/24" },
        ["maintenanceWindow"] = new JsonObject { ["time"] = "09:00:00", ["dayOfTheWeek"] = "Sunday" },
        ["replicationMode"] = "ASYNCHRONOUS",
        ["credentials"] = new JsonObject { ["username"] = "app_user", ["password"] = "P@ssw0rd123", ["database"] = "app" },
        ["connectionPooler"] = "TRANSACTION",
        ["backup"] = new JsonObject { ["location"] = "eu-central-3", ["retentionDays"] = 7 },
    };

    private sealed class FixedOptions(ClusterRefreshOptions value) : IOptionsMonitor<ClusterRefreshOptions>
    {
        public ClusterRefreshOptions CurrentValue => value;

        public ClusterRefreshOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ClusterRefreshOptions, string?> listener) => null;
    }
}
