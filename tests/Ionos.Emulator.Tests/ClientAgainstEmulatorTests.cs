using System.Net;
using System.Text.RegularExpressions;
using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ionos.Emulator.Tests;

/// <summary>
/// The typed client (<c>Ionos.PostgreSql</c>) against the emulator over real loopback HTTP: both sides of the v2 contract
/// must agree on every shape and rule the portal relies on. The emulator runs on a fake clock (state transitions are
/// driven by <c>Clock.Advance</c>); the client keeps the system clock, so its Polly backoff (10 ms here) really elapses
/// instead of waiting for a clock nobody advances. No test sleeps.
/// </summary>
public sealed partial class ClientAgainstEmulatorTests
{
    private const string Password = EmulatorHarness.Password;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PostgresCredentials Credentials => new() { Username = "my_dbuser", Password = Password, Database = "my_database" };

    /// <summary>The same cluster as <see cref="EmulatorHarness.ClusterProperties"/>, built with the client's types.</summary>
    private static ClusterProperties FullProperties(string name = "cms-prod") => new()
    {
        Name = name,
        Description = "Production PostgreSQL cluster",
        Version = "16",
        Instances = new InstanceConfiguration { Count = 1, Cores = 2, Ram = 4, StorageSize = 20 },
        Connection = new ClusterConnection
        {
            DatacenterId = EmulatorHarness.DatacenterId,
            LanId = "2",
            PrimaryInstanceAddress = "192.168.1.100/24",
        },
        MaintenanceWindow = new MaintenanceWindow { Time = "09:00:00", DayOfTheWeek = DayOfWeek.Sunday },
        ReplicationMode = ReplicationMode.Asynchronous,
        Credentials = Credentials,
        ConnectionPooler = ConnectionPooler.Transaction,
        LogsEnabled = true,
        MetricsEnabled = true,
        Backup = new ClusterBackup { Location = "eu-central-3", RetentionDays = 7 },
    };

    private static ClusterCreateRequest CreateRequest(string name = "cms-prod") => new() { Properties = FullProperties(name) };

    [GeneratedRegex(@"^pg-[a-z0-9]{16}\.postgresql\.de-txl\.ionos\.com$")]
    private static partial Regex TxlDnsName();

    // ---------------------------------------------------------------- create, update, delete

    [Fact]
    public async Task CreateCluster_FullRequest_ProvisionsThenBecomesAvailableWithoutPassword()
    {
        await using var env = await ClientEnvironment.StartAsync();

        var created = await env.Txl.CreateClusterAsync(CreateRequest(), Ct);

        Assert.False(string.IsNullOrEmpty(created.Id));
        Assert.True(Guid.TryParse(created.Id, out _), created.Id);
        Assert.Equal(ClusterState.Provisioning, created.Metadata!.State);
        Assert.Equal("PROVISIONING", created.Metadata.StateRaw);
        Assert.Matches(TxlDnsName(), created.Metadata.DnsName);
        Assert.Null(created.Properties!.Credentials);

        env.Clock.Advance(EmulatorHarness.Provisioning);
        var available = await env.Txl.GetClusterAsync(created.Id, Ct);

        Assert.Equal(ClusterState.Available, available.Metadata!.State);
        Assert.Equal(created.Metadata.DnsName, available.Metadata.DnsName);
        Assert.Null(available.Properties!.Credentials);
        // Everything sent comes back as sent, except the write-only credentials.
        Assert.Equal(FullProperties() with { Credentials = null }, available.Properties);

        // And the password is on no wire response at all (not even a nested credentials object the client would ignore).
        using var raw = await env.Emulator.GetAsync($"clusters/{created.Id}");
        var body = await raw.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(Password, body, StringComparison.Ordinal);
        Assert.DoesNotContain("credentials", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureCluster_GetMergePutWithNewCores_UpdatesCoresAndKeepsEverythingElse()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var id = await env.CreateAvailableClusterAsync();
        var before = await env.Txl.GetClusterAsync(id, Ct);

        var updating = await env.Txl.EnsureClusterAsync(id, new ClusterEnsureRequest
        {
            Properties = before.Properties! with
            {
                Instances = before.Properties.Instances! with { Cores = 4 },
                Credentials = Credentials,
            },
        }, Ct);

        Assert.Equal(id, updating.Id);
        Assert.Equal(ClusterState.Updating, updating.Metadata!.State);
        Assert.Equal(4, updating.Properties!.Instances!.Cores);

        env.Clock.Advance(EmulatorHarness.Updating);
        var after = await env.Txl.GetClusterAsync(id, Ct);

        Assert.Equal(ClusterState.Available, after.Metadata!.State);
        Assert.Equal(before.Properties with { Instances = before.Properties.Instances with { Cores = 4 } }, after.Properties);
        Assert.Equal(before.Metadata!.DnsName, after.Metadata.DnsName);
        Assert.Equal(before.Metadata.CreatedDate, after.Metadata.CreatedDate);
    }

    [Fact]
    public async Task EnsureCluster_PutWithoutDescription_ResetsDescription()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var id = await env.CreateAvailableClusterAsync();
        var before = await env.Txl.GetClusterAsync(id, Ct);
        Assert.Equal("Production PostgreSQL cluster", before.Properties!.Description);

        // PUT is a full replace: a field left out is reset, not kept (the reason callers build a PUT from a GET).
        await env.Txl.EnsureClusterAsync(id, new ClusterEnsureRequest
        {
            Properties = before.Properties with { Description = null, Credentials = Credentials },
        }, Ct);
        env.Clock.Advance(EmulatorHarness.Updating);
        var after = await env.Txl.GetClusterAsync(id, Ct);

        Assert.Equal(ClusterState.Available, after.Metadata!.State);
        Assert.True(string.IsNullOrEmpty(after.Properties!.Description), $"description is '{after.Properties.Description}'");
        Assert.Equal(before.Properties with { Description = after.Properties.Description }, after.Properties);
    }

    [Fact]
    public async Task DeleteCluster_Available_IsDestroyingThenNotFound()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var id = await env.CreateAvailableClusterAsync();

        await env.Txl.DeleteClusterAsync(id, Ct);
        var destroying = await env.Txl.GetClusterAsync(id, Ct);

        Assert.Equal(ClusterState.Destroying, destroying.Metadata!.State);

        env.Clock.Advance(EmulatorHarness.Destroying);
        var gone = await Assert.ThrowsAsync<IonosApiException>(() => env.Txl.GetClusterAsync(id, Ct));

        Assert.True(gone.IsNotFound, gone.Message);
        Assert.Equal(HttpMethod.Get, gone.Method);
        Assert.Equal($"/clusters/{id}", gone.Path);
        Assert.Empty((await env.Txl.ListClustersAsync(cancellationToken: Ct)).Items);
    }

    // ---------------------------------------------------------------- listing

    [Fact]
    public async Task EnumerateClusters_250ClustersPageSize100_YieldsEachOnceInThreeCalls()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            ids.Add((await env.Txl.CreateClusterAsync(CreateRequest($"paging-{i:D3}"), Ct)).Id);
        }

        env.Emulator.Server.Calls.Clear();
        var seen = await ToListAsync(env.Txl.EnumerateClustersAsync(new ClusterListQuery { Limit = 100 }, Ct));

        Assert.Equal(250, seen.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3, env.Emulator.Server.Calls.Count("GET", "/clusters"));

        env.Emulator.Server.Calls.Clear();
        var all = await ToListAsync(env.Txl.EnumerateClustersAsync(new ClusterListQuery { Limit = 1000 }, Ct));

        Assert.Equal(250, all.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(1, env.Emulator.Server.Calls.Count("GET", "/clusters"));
    }

    [Fact]
    public async Task ListClusters_FilterName_FindsClustersWhoseNameContainsTheSubstring()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var staging = await env.Txl.CreateClusterAsync(CreateRequest("orders-staging"), Ct);
        await env.Txl.CreateClusterAsync(CreateRequest("orders-prod"), Ct);
        await env.Txl.CreateClusterAsync(CreateRequest("billing-prod"), Ct);

        var one = await env.Txl.ListClustersAsync(new ClusterListQuery { Name = "ders-st" }, Ct);
        var orders = await env.Txl.ListClustersAsync(new ClusterListQuery { Name = "orders" }, Ct);
        var none = await env.Txl.ListClustersAsync(new ClusterListQuery { Name = "inventory" }, Ct);

        Assert.Equal(staging.Id, Assert.Single(one.Items).Id);
        Assert.Equal(["orders-prod", "orders-staging"], orders.Items.Select(c => c.Properties!.Name!).Order(StringComparer.Ordinal));
        Assert.Empty(none.Items);
    }

    [Fact]
    public async Task ListClusters_FilterState_ReturnsOnlyClustersInThatState()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var ready = await env.CreateAvailableClusterAsync("ready-one");
        var provisioning = (await env.Txl.CreateClusterAsync(CreateRequest("new-one"), Ct)).Id;

        var available = await env.Txl.ListClustersAsync(new ClusterListQuery { State = ClusterState.Available }, Ct);
        var busy = await env.Txl.ListClustersAsync(new ClusterListQuery { State = ClusterState.Provisioning }, Ct);
        var failed = await env.Txl.ListClustersAsync(new ClusterListQuery { State = ClusterState.Failed }, Ct);

        Assert.Equal(ready, Assert.Single(available.Items).Id);
        Assert.Equal(provisioning, Assert.Single(busy.Items).Id);
        Assert.Equal(ClusterState.Provisioning, busy.Items[0].Metadata!.State);
        Assert.Empty(failed.Items);
    }

    // ---------------------------------------------------------------- errors

    [Fact]
    public async Task CreateCluster_Cores63_ThrowsValidation422NamingCores()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var request = CreateRequest();
        request = request with { Properties = request.Properties with { Instances = request.Properties.Instances! with { Cores = 63 } } };

        var error = await Assert.ThrowsAsync<IonosApiException>(() => env.Txl.CreateClusterAsync(request, Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.True(error.IsValidation);
        Assert.Contains(error.Messages, m => m.Message!.Contains("cores", StringComparison.Ordinal));
        Assert.Contains("cores", error.Message, StringComparison.Ordinal);
        Assert.Equal(HttpMethod.Post, error.Method);
        Assert.Equal("/clusters", error.Path);
        Assert.Equal("de-txl", error.Region);
        Assert.Empty(env.Emulator.Server.Store.Clusters());
    }

    [Fact]
    public async Task GetCluster_UnknownId_ThrowsNotFound()
    {
        await using var env = await ClientEnvironment.StartAsync();

        var error = await Assert.ThrowsAsync<IonosApiException>(() => env.Txl.GetClusterAsync(Guid.NewGuid().ToString(), Ct));

        Assert.True(error.IsNotFound, error.Message);
        Assert.NotEmpty(error.Messages);
        // A 404 is an answer, not a transient failure: asked once.
        Assert.Equal(1, env.Emulator.Server.Calls.Count("GET", "/clusters/*"));
    }

    [Fact]
    public async Task EnsureCluster_WhileProvisioning_ThrowsConflict()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var created = await env.Txl.CreateClusterAsync(CreateRequest(), Ct);

        var error = await Assert.ThrowsAsync<IonosApiException>(() => env.Txl.EnsureClusterAsync(
            created.Id, new ClusterEnsureRequest { Properties = FullProperties() with { Description = "changed" } }, Ct));

        Assert.True(error.IsConflict, error.Message);
        Assert.Equal(HttpMethod.Put, error.Method);
        var unchanged = await env.Txl.GetClusterAsync(created.Id, Ct);
        Assert.Equal(ClusterState.Provisioning, unchanged.Metadata!.State);
        Assert.Equal("Production PostgreSQL cluster", unchanged.Properties!.Description);
    }

    // ---------------------------------------------------------------- faults and retries

    [Fact]
    public async Task CreateCluster_ConnectionDroppedAfterServerCreated_ThrowsOncePostedAndClusterIsFoundByName()
    {
        await using var env = await ClientEnvironment.StartAsync();
        // Warm the pool first: the portal's POST goes over a reused keep-alive connection, too.
        await env.Txl.ListClustersAsync(cancellationToken: Ct);
        env.Emulator.Server.Faults.Add(new FaultRule { Method = "POST", Path = "/clusters", Kind = FaultKind.Drop });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => env.Txl.CreateClusterAsync(CreateRequest("dropped-create"), Ct));

        Assert.IsNotType<IonosApiException>(error);
        Assert.IsType<HttpRequestException>(error);
        Assert.Equal(1, env.Emulator.Server.Calls.Count("POST", "/clusters"));

        // The executor's recovery: look the cluster up by name before posting again.
        env.Emulator.Server.Faults.Clear();
        var found = await env.Txl.ListClustersAsync(new ClusterListQuery { Name = "dropped-create" }, Ct);

        var cluster = Assert.Single(found.Items);
        Assert.Equal("dropped-create", cluster.Properties!.Name);
        Assert.Equal(ClusterState.Provisioning, cluster.Metadata!.State);
        Assert.Single(env.Emulator.Server.Store.Clusters());
    }

    [Fact]
    public async Task GetCluster_Two503s_RetriesAndSucceedsOnTheThirdCall()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var id = (await env.Txl.CreateClusterAsync(CreateRequest(), Ct)).Id;
        env.Emulator.Server.Faults.Add(new FaultRule { Method = "GET", Path = "/clusters/*", Status = 503, Times = 2 });

        var cluster = await env.Txl.GetClusterAsync(id, Ct);

        Assert.Equal(id, cluster.Id);
        Assert.Equal(3, env.Emulator.Server.Calls.Count("GET", "/clusters/*"));
        Assert.Equal([503, 503, 200], env.Emulator.Server.Calls.Calls.Where(c => c.Method == "GET").Select(c => c.Status));
    }

    [Fact]
    public async Task CreateCluster_500_ThrowsAfterExactlyOnePost()
    {
        await using var env = await ClientEnvironment.StartAsync();
        env.Emulator.Server.Faults.Add(new FaultRule { Method = "POST", Path = "/clusters", Status = 500 });

        var error = await Assert.ThrowsAsync<IonosApiException>(() => env.Txl.CreateClusterAsync(CreateRequest(), Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.NotEmpty(error.Messages);
        Assert.Equal(1, env.Emulator.Server.Calls.Count("POST", "/clusters"));
        Assert.Empty(env.Emulator.Server.Store.Clusters());
    }

    // ---------------------------------------------------------------- backups and catalogue

    [Fact]
    public async Task ListBackups_AvailableCluster_OneActiveBackupWithItsLocationAndVersion()
    {
        await using var env = await ClientEnvironment.StartAsync();
        var id = await env.CreateAvailableClusterAsync();
        await env.CreateAvailableClusterAsync("other-cluster");

        var backups = await env.Txl.ListBackupsAsync(new BackupListQuery { ClusterId = id }, Ct);

        var backup = Assert.Single(backups.Items);
        Assert.False(string.IsNullOrEmpty(backup.Id));
        Assert.Equal(id, backup.Properties!.ClusterId);
        Assert.True(backup.Properties.IsActive);
        Assert.Equal("eu-central-3", backup.Properties.Location);
        Assert.Equal("16", backup.Properties.PostgresClusterVersion);
        Assert.NotNull(backup.Properties.EarliestRecoveryTargetTime);
        Assert.Null(backup.Properties.LatestRecoveryTargetTime);

        var single = await env.Txl.GetBackupAsync(backup.Id, Ct);

        Assert.Equal(backup.Id, single.Id);
        Assert.Equal(backup.Properties, single.Properties);
    }

    [Fact]
    public async Task EnumerateVersions_Seeded_ReturnsStatusAndUpgradePathsAndRoundTripsById()
    {
        await using var env = await ClientEnvironment.StartAsync();

        var versions = await ToListAsync(env.Txl.EnumerateVersionsAsync(cancellationToken: Ct));

        Assert.Equal(["13", "14", "15", "16", "17", "18"], versions.Select(v => v.Properties!.Version!).Order(StringComparer.Ordinal));
        Assert.All(versions, v => Assert.False(string.IsNullOrEmpty(v.Properties!.Status)));
        var v13 = versions.Single(v => v.Properties!.Version == "13");
        Assert.Equal("DEPRECATED", v13.Properties!.Status);
        Assert.Equal(["14", "15", "16", "17"], v13.Properties.CanUpgradeTo!);
        var v17 = versions.Single(v => v.Properties!.Version == "17");
        Assert.Equal("RECOMMENDED", v17.Properties!.Status);
        Assert.Empty(v17.Properties.CanUpgradeTo!);

        var byId = await env.Txl.GetVersionAsync(v13.Id, Ct);

        Assert.Equal(v13.Id, byId.Id);
        Assert.Equal(v13.Properties.Version, byId.Properties!.Version);
        Assert.Equal(v13.Properties.Status, byId.Properties.Status);
        Assert.Equal(v13.Properties.Comment, byId.Properties.Comment);
        Assert.Equal(v13.Properties.CanUpgradeTo, byId.Properties.CanUpgradeTo!);
    }

    [Fact]
    public async Task EnumerateBackupLocations_Seeded_IncludesClusterLocationAndRoundTripsById()
    {
        await using var env = await ClientEnvironment.StartAsync();

        var locations = await ToListAsync(env.Txl.EnumerateBackupLocationsAsync(cancellationToken: Ct));

        Assert.Contains(locations, l => l.Properties!.Location == "eu-central-3");
        Assert.Equal(locations.Count, locations.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count());
        foreach (var location in locations)
        {
            var byId = await env.Txl.GetBackupLocationAsync(location.Id, Ct);
            Assert.Equal(location.Id, byId.Id);
            Assert.Equal(location.Properties, byId.Properties);
        }
    }

    // ---------------------------------------------------------------- regions

    [Fact]
    public async Task CreateCluster_InDeFra_IsNotVisibleInDeTxl()
    {
        await using var env = await ClientEnvironment.StartAsync();

        var fra = await env.Fra.CreateClusterAsync(CreateRequest("frankfurt-only"), Ct);

        Assert.EndsWith(".postgresql.de-fra.ionos.com", fra.Metadata!.DnsName, StringComparison.Ordinal);
        Assert.Equal(fra.Id, Assert.Single((await env.Fra.ListClustersAsync(cancellationToken: Ct)).Items).Id);
        Assert.Empty((await env.Txl.ListClustersAsync(cancellationToken: Ct)).Items);
        var error = await Assert.ThrowsAsync<IonosApiException>(() => env.Txl.GetClusterAsync(fra.Id, Ct));
        Assert.True(error.IsNotFound, error.Message);
        Assert.Equal("de-txl", error.Region);
        Assert.Equal(1, env.Emulator.Server.Calls.Count("POST", "/clusters", "de-fra"));
        Assert.Equal(0, env.Emulator.Server.Calls.Count("POST", "/clusters", "de-txl"));
    }

    // ---------------------------------------------------------------- plumbing

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>An emulator plus the client built through DI exactly as a host registers it, one client per region.</summary>
    private sealed class ClientEnvironment : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private ClientEnvironment(EmulatorHarness emulator, ServiceProvider services)
        {
            Emulator = emulator;
            _services = services;
            var factory = services.GetRequiredService<IIonosPostgresClientFactory>();
            Txl = factory.GetClient("de-txl");
            Fra = factory.GetClient("de-fra");
        }

        public EmulatorHarness Emulator { get; }

        public FakeTimeProvider Clock => Emulator.Clock;

        public IonosPostgresClient Txl { get; }

        public IonosPostgresClient Fra { get; }

        public static async Task<ClientEnvironment> StartAsync()
        {
            var emulator = await EmulatorHarness.StartAsync();
            var server = emulator.Server;
            // The client keeps TimeProvider.System (registered by AddIonosPostgreSql): with the emulator's fake clock,
            // a GET retry would wait for a backoff that only Clock.Advance can end.
            var services = new ServiceCollection()
                .AddLogging()
                .AddIonosPostgreSql(o =>
                {
                    o.Regions.Add(new IonosRegionOptions { Code = "de-txl", BaseUrl = server.BaseAddress });
                    o.Regions.Add(new IonosRegionOptions { Code = "de-fra", BaseUrl = server.RegionAddress("de-fra") });
                    o.Token = "test-token";
                    o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                    o.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
                    o.AttemptTimeout = TimeSpan.FromSeconds(20);
                    o.TotalTimeout = TimeSpan.FromSeconds(60);
                })
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            return new ClientEnvironment(emulator, services);
        }

        /// <summary>Creates a cluster through the client and runs the emulator's clock until it is AVAILABLE.</summary>
        public async Task<string> CreateAvailableClusterAsync(string name = "cms-prod")
        {
            var created = await Txl.CreateClusterAsync(CreateRequest(name), Ct);
            Clock.Advance(EmulatorHarness.Provisioning);
            var cluster = await Txl.GetClusterAsync(created.Id, Ct);
            Assert.Equal(ClusterState.Available, cluster.Metadata!.State);
            return created.Id;
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }
}
