using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Ionos.Emulator.Tests;

/// <summary>A real emulator on a loopback port with a fake clock, and a client carrying a bearer token.</summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Provisioning = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Updating = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Destroying = TimeSpan.FromSeconds(3);
    public const string DatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003";
    public const string Password = "P@ssw0rd123";

    private EmulatorHarness(EmulatorServer server, FakeTimeProvider clock)
    {
        Server = server;
        Clock = clock;
        Client = new HttpClient { BaseAddress = server.BaseAddress };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "test-token");
    }

    public EmulatorServer Server { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public static async Task<EmulatorHarness> StartAsync(Action<EmulatorOptions>? configure = null, FakeTimeProvider? clock = null)
    {
        var options = new EmulatorOptions
        {
            ProvisioningDelay = Provisioning,
            UpdatingDelay = Updating,
            DestroyingDelay = Destroying,
        };
        configure?.Invoke(options);
        clock ??= new FakeTimeProvider(Start);
        return new EmulatorHarness(await EmulatorServer.StartAsync(options, clock, cancellationToken: TestContext.Current.CancellationToken), clock);
    }

    public static JsonObject ClusterBody(string name = "cms-prod") => new()
    {
        ["properties"] = ClusterProperties(name),
    };

    public static JsonObject ClusterProperties(string name = "cms-prod") => new()
    {
        ["name"] = name,
        ["description"] = "Production PostgreSQL cluster",
        ["version"] = "16",
        ["instances"] = new JsonObject { ["count"] = 1, ["cores"] = 2, ["ram"] = 4, ["storageSize"] = 20 },
        ["connection"] = new JsonObject { ["datacenterId"] = DatacenterId, ["lanId"] = "2", ["primaryInstanceAddress"] = "192.168.1.100/24" },
        ["maintenanceWindow"] = new JsonObject { ["time"] = "09:00:00", ["dayOfTheWeek"] = "Sunday" },
        ["replicationMode"] = "ASYNCHRONOUS",
        ["credentials"] = new JsonObject { ["username"] = "my_dbuser", ["password"] = Password, ["database"] = "my_database" },
        ["connectionPooler"] = "TRANSACTION",
        ["logsEnabled"] = true,
        ["metricsEnabled"] = true,
        ["backup"] = new JsonObject { ["location"] = "eu-central-3", ["retentionDays"] = 7 },
    };

    /// <summary>Sets a value at a dotted path below the root (e.g. properties.instances.cores); null removes the key.</summary>
    public static JsonObject With(JsonObject body, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1])
        {
            parent = (JsonObject)parent[part]!;
        }

        if (value is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }

        return body;
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> PostClusterAsync(JsonNode body, string prefix = "") =>
        Client.PostAsync($"{prefix}clusters", Json(body), TestContext.Current.CancellationToken);

    public Task<HttpResponseMessage> PutClusterAsync(string id, JsonNode body, string prefix = "") =>
        Client.PutAsync($"{prefix}clusters/{id}", Json(body), TestContext.Current.CancellationToken);

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path, TestContext.Current.CancellationToken);

    public async Task<JsonObject> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        return await ReadAsync(response);
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();

    /// <summary>Creates a cluster (201) and returns its id; the cluster is PROVISIONING.</summary>
    public async Task<string> CreateClusterAsync(JsonObject? body = null, string prefix = "")
    {
        using var response = await PostClusterAsync(body ?? ClusterBody(), prefix);
        var json = await ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, json.ToJsonString());
        return json["id"]!.GetValue<string>();
    }

    /// <summary>Creates a cluster and lets the clock run until it is AVAILABLE.</summary>
    public async Task<string> CreateAvailableClusterAsync(JsonObject? body = null, string prefix = "")
    {
        var id = await CreateClusterAsync(body, prefix);
        Clock.Advance(Provisioning);
        var cluster = await GetJsonAsync($"{prefix}clusters/{id}");
        Assert.Equal("AVAILABLE", cluster["metadata"]!["state"]!.GetValue<string>());
        return id;
    }

    /// <summary>A PUT body that repeats the created cluster unchanged (credentials included, as clients must).</summary>
    public static JsonObject EnsureBody(string id, string name = "cms-prod") => new()
    {
        ["id"] = id,
        ["properties"] = ClusterProperties(name),
    };

    public static IEnumerable<string> Messages(JsonObject error) =>
        error["messages"]!.AsArray().Select(m => m!["message"]!.GetValue<string>());

    public static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? messageContains = null)
    {
        var body = await ReadAsync(response);
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body.ToJsonString()}");
        Assert.Equal((int)status, body["httpStatus"]!.GetValue<int>());
        var messages = body["messages"]!.AsArray();
        Assert.NotEmpty(messages);
        Assert.All(messages, m =>
        {
            Assert.False(string.IsNullOrEmpty(m!["errorCode"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(m["message"]!.GetValue<string>()));
        });
        if (messageContains is not null)
        {
            Assert.Contains(Messages(body), m => m.Contains(messageContains, StringComparison.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
