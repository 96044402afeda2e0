using System.Net;
using Ionos.Emulator;
using Ionos.PostgreSql;
using Ionos.PostgreSql.Models;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Refresh;
using Portal.TestSupport;
using Portal.Web.Hosting;

namespace Portal.Benchmarks;

/// <summary>
/// The real portal (its own Program, PortalAppFactory) on a fresh PostgreSQL database with the embedded emulator, shared
/// by the scenarios of one run. The refresher's loop is off (the scenarios run its cycles themselves); the executor runs.
/// The fleet (clusters in one region, created through the emulator's API, then stored by one refresh cycle) is seeded once,
/// on first use.
/// </summary>
public sealed class BenchPortal : IAsyncDisposable
{
    public const string Region = "de-txl";
    public const string DatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003";

    private readonly PostgresTestDatabase _database;
    private int _fleetSize;

    private BenchPortal(PostgresTestDatabase database, PortalAppFactory factory, Uri address)
    {
        _database = database;
        Factory = factory;
        Address = address;
    }

    public PortalAppFactory Factory { get; }

    /// <summary>The portal on a real Kestrel port (for the browser).</summary>
    public Uri Address { get; }

    public string ConnectionString => _database.ConnectionString;

    public IServiceProvider Services => Factory.Services;

    public EmulatorServer Emulator => Services.GetRequiredService<EmbeddedEmulatorHost>().Server;

    public ClusterStateRefresher Refresher => Services.GetRequiredService<ClusterStateRefresher>();

    public IonosPostgresClient Client => Services.GetRequiredService<IIonosPostgresClientFactory>().GetClient(Region);

    public IReadOnlyList<string> ClusterIds { get; private set; } = [];

    public static async Task<BenchPortal> StartAsync()
    {
        // A console app is not a test assembly, so WebApplicationFactory would look for the portal beside the solution file.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PORTAL_WEB", Path.Combine(RepositoryPaths.Root, "src", "Portal.Web"));
        var database = await PostgresTestDatabase.CreateAsync("bench");
        var factory = PortalAppFactory.OnPostgres(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Portal:Refresh:Enabled"] = "false",
            // Seeded clusters are AVAILABLE at once; a PUT keeps a cluster UPDATING for the whole run (a visible change).
            ["Ionos:Emulator:ProvisioningDelay"] = "00:00:00",
            ["Ionos:Emulator:UpdatingDelay"] = "01:00:00",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None",
        });
        try
        {
            return new BenchPortal(database, factory, factory.StartOnKestrel());
        }
        catch
        {
            // A portal that did not start must not leave its database behind.
            await factory.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates <paramref name="size"/> clusters in <see cref="Region"/> through the emulator's API (POST /clusters) and stores them with one refresh cycle.</summary>
    public async Task EnsureFleetAsync(int size)
    {
        if (_fleetSize >= size)
        {
            return;
        }

        Console.WriteLine($"  seeding {size:N0} clusters in {Region} through POST /clusters ...");
        var client = Client;
        var ids = new string[size];
        await Parallel.ForAsync(0, size, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
        {
            var created = await client.CreateClusterAsync(new ClusterCreateRequest { Properties = Properties($"bench-{i:D5}", i) }, ct);
            ids[i] = created.Id!;
        });
        ClusterIds = ids;
        _fleetSize = size;

        await Refresher.RefreshOnceAsync(CancellationToken.None);
        await AssignTeamsAsync();
        Emulator.Calls.Clear();
    }

    /// <summary>The properties of seeded cluster number <paramref name="i"/> (sizes vary so sorting by size means something).</summary>
    public static ClusterProperties Properties(string name, int i) => new()
    {
        Name = name,
        Version = (i % 3) switch { 0 => "15", 1 => "16", _ => "17" },
        Instances = new InstanceConfiguration { Count = 1 + (i % 3), Cores = 2 << (i % 3), Ram = 4 << (i % 4), StorageSize = 20 + (i % 50) },
        Connection = new ClusterConnection { DatacenterId = DatacenterId, LanId = "2", PrimaryInstanceAddress = "192.168.1.100/24" },
        MaintenanceWindow = new MaintenanceWindow { Time = "09:00:00", DayOfTheWeek = DayOfWeek.Sunday },
        ReplicationMode = ReplicationMode.Asynchronous,
        Credentials = new PostgresCredentials { Username = "app_admin", Password = BenchSecrets.ClusterPassword, Database = "app" },
        ConnectionPooler = ConnectionPooler.Disabled,
        Backup = new ClusterBackup { Location = "eu-central-3", RetentionDays = 7 },
    };

    /// <summary>A client of the portal's real port, signed in as a demo user through the sign-in form (cookie kept).</summary>
    public async Task<HttpClient> SignedInClientAsync(string demoUserId)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = Address,
        };
        using var form = await Factory.DemoSignInFormAsync(client, demoUserId, returnUrl: "/");
        using var response = await client.PostAsync(new Uri("/account/demo-sign-in", UriKind.Relative), form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Demo sign-in as {demoUserId} answered {(int)response.StatusCode}, expected a redirect.");
        }

        return client;
    }

    /// <summary>Team ids by slug for the demo teams (created as the portal creates them, on first use).</summary>
    public async Task<Dictionary<string, Guid>> DemoTeamsAsync()
    {
        using var scope = Services.CreateScope();
        var directory = scope.ServiceProvider.GetRequiredService<ITeamDirectory>();
        var teams = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var team in await directory.GetTeamsAsync(
            new PortalUser("bench", "Benchmark", new HashSet<string>(), ["payments", "analytics", "search", "platform"]), CancellationToken.None))
        {
            teams[team.Slug] = team.Id;
        }

        return teams;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// Gives two thirds of the fleet to the demo teams, as if the portal had ordered them (the rest stays unmanaged), so team
    /// filters and a requester's view have something to show.
    /// </summary>
    private async Task AssignTeamsAsync()
    {
        var teams = await DemoTeamsAsync();
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            UPDATE "ClusterSnapshots" SET "TeamId" = CASE abs(hashtext("ClusterId")) % 3
                WHEN 0 THEN @payments WHEN 1 THEN @search ELSE NULL END
            """, connection);
        command.Parameters.AddWithValue("payments", teams["payments"]);
        command.Parameters.AddWithValue("search", teams["search"]);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        if (Environment.GetEnvironmentVariable("PORTAL_BENCH_KEEP_DATABASE") is { Length: > 0 })
        {
            // For EXPLAIN (ANALYZE) on the benchmark's data after the run; drop it by hand afterwards.
            Console.WriteLine($"  kept the database: {ConnectionString.Split(';').FirstOrDefault(p => p.StartsWith("Database=", StringComparison.OrdinalIgnoreCase))}");
            return;
        }

        await _database.DisposeAsync();
    }
}

/// <summary>Throw-away passwords of the benchmark's own data (never printed).</summary>
internal static class BenchSecrets
{
    public static readonly string ClusterPassword = "Bench-" + Guid.NewGuid().ToString("N")[..12] + "!9a";
}
