using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Ionos.Emulator.Tests.EmulatorHarness;

namespace Ionos.Emulator.Tests;

public sealed class FaultInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fault429_ReturnsRetryAfterAndErrorBody()
    {
        await using var emulator = await StartAsync();
        emulator.Server.Faults.Add(new FaultRule { Method = "GET", Path = "/clusters", Kind = FaultKind.Status, Status = 429, RetryAfterSeconds = 7 });

        using var response = await emulator.GetAsync("clusters");

        await AssertErrorAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task FaultStatus_ReturnsErrorBodyOnlyForMatchingRequests(int status)
    {
        await using var emulator = await StartAsync();
        emulator.Server.Faults.Add(new FaultRule { Method = "GET", Path = "/clusters/*", Status = status });

        using var faulted = await emulator.GetAsync($"clusters/{Guid.NewGuid()}");
        using var list = await emulator.GetAsync("clusters");
        using var post = await emulator.PostClusterAsync(ClusterBody());

        await AssertErrorAsync(faulted, (HttpStatusCode)status);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
    }

    [Fact]
    public async Task FaultTimes_AppliesThatManyTimesThenStops()
    {
        await using var emulator = await StartAsync();
        emulator.Server.Faults.Add(new FaultRule { Path = "/versions", Status = 503, Times = 2 });

        using var first = await emulator.GetAsync("versions");
        using var second = await emulator.GetAsync("versions");
        using var third = await emulator.GetAsync("versions");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Empty(emulator.Server.Faults.Rules);
    }

    [Fact]
    public async Task FaultRegion_AppliesOnlyToThatRegion()
    {
        await using var emulator = await StartAsync();
        emulator.Server.Faults.Add(new FaultRule { Path = "/clusters", Region = "de-fra", Status = 500 });

        using var fra = await emulator.GetAsync("de-fra/clusters");
        using var txl = await emulator.GetAsync("clusters");

        Assert.Equal(HttpStatusCode.InternalServerError, fra.StatusCode);
        Assert.Equal(HttpStatusCode.OK, txl.StatusCode);
    }

    [Fact]
    public async Task FaultLatency_DelaysTheAnswer()
    {
        await using var emulator = await StartAsync();
        var delay = TimeSpan.FromMilliseconds(300);
        emulator.Server.Faults.Add(new FaultRule { Path = "/versions", Kind = FaultKind.Latency, Delay = delay });
        var stopwatch = Stopwatch.StartNew();

        using var response = await emulator.GetAsync("versions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.Elapsed >= delay, $"answered after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task FaultDrop_PostCreatesClusterButConnectionIsAborted()
    {
        await using var emulator = await StartAsync();
        emulator.Server.Faults.Add(new FaultRule { Method = "POST", Path = "/clusters", Kind = FaultKind.Drop, Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.PostClusterAsync(ClusterBody("dropped")));
        var list = await emulator.GetJsonAsync("clusters?filter.name=dropped");

        Assert.Single(list["items"]!.AsArray());
        Assert.Equal("dropped", Assert.Single(emulator.Server.Store.Clusters()).Name);
    }

    [Fact]
    public async Task Faults_ClearedByClear()
    {
        await using var emulator = await StartAsync();
        emulator.Server.Faults.Add(new FaultRule { Status = 500 });
        emulator.Server.Faults.Clear();

        using var response = await emulator.GetAsync("clusters");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AdminFaults_PostedOverHttp_AreAppliedListedAndDeleted()
    {
        await using var emulator = await StartAsync();
        var rule = new JsonObject { ["method"] = "GET", ["path"] = "/clusters", ["kind"] = "status", ["status"] = 429, ["retryAfterSeconds"] = 3, ["times"] = 5 };

        using var created = await emulator.Client.PostAsync("_emulator/faults", Json(rule), Ct);
        var createdJson = await ReadAsync(created);
        using var faulted = await emulator.GetAsync("clusters");
        var listed = JsonNode.Parse(await emulator.Client.GetStringAsync("_emulator/faults", Ct))!.AsArray();
        using var deleted = await emulator.Client.DeleteAsync($"_emulator/faults/{createdJson["id"]}", Ct);
        using var after = await emulator.GetAsync("clusters");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, faulted.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), faulted.Headers.RetryAfter?.Delta);
        Assert.Equal(4, Assert.Single(listed)!["times"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task AdminFaults_DropOverHttp_CreatesClusterAndAborts()
    {
        await using var emulator = await StartAsync();
        using var added = await emulator.Client.PostAsync("_emulator/faults",
            Json(new JsonObject { ["method"] = "POST", ["path"] = "/clusters", ["kind"] = "drop", ["times"] = 1 }), Ct);

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.PostClusterAsync(ClusterBody()));
        using var second = await emulator.PostClusterAsync(ClusterBody());

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, emulator.Server.Store.Clusters().Count);
    }

    [Fact]
    public async Task AdminFaults_LatencyDelayAsTimeSpanString_IsAccepted()
    {
        await using var emulator = await StartAsync();

        using var added = await emulator.Client.PostAsync("_emulator/faults",
            Json(new JsonObject { ["path"] = "/versions", ["kind"] = "latency", ["delay"] = "00:00:00.250" }), Ct);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(250), Assert.Single(emulator.Server.Faults.Rules).Delay);
    }

    [Theory]
    [InlineData("{\"kind\":\"explode\"}")]
    [InlineData("{\"kind\":\"status\",\"status\":200}")]
    [InlineData("{\"kind\":\"latency\",\"delay\":\"soon\"}")]
    [InlineData("not json")]
    public async Task AdminFaults_InvalidRule_Returns400(string body)
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.Client.PostAsync("_emulator/faults", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(emulator.Server.Faults.Rules);
    }

    [Fact]
    public async Task AdminReset_ForgetsClustersFaultsAndCalls()
    {
        await using var emulator = await StartAsync();
        await emulator.CreateClusterAsync();
        emulator.Server.Faults.Add(new FaultRule { Path = "/versions", Status = 500 });

        using var reset = await emulator.Client.PostAsync("_emulator/reset", null, Ct);
        var list = await emulator.GetJsonAsync("clusters");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(list["items"]!.AsArray());
        Assert.Empty(emulator.Server.Faults.Rules);
        Assert.Equal(1, emulator.Server.Calls.Count(null, "/**"));
    }

    [Fact]
    public async Task CallLog_CountsRequestsPerMethodAndPath()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateClusterAsync();
        await emulator.GetJsonAsync($"clusters/{id}");
        await emulator.GetJsonAsync($"clusters/{id}");
        await emulator.GetJsonAsync($"de-fra/clusters");
        await emulator.GetJsonAsync("cloudapi/v6/datacenters");

        var calls = emulator.Server.Calls;
        var overHttp = JsonNode.Parse(await emulator.Client.GetStringAsync("_emulator/calls?method=GET&path=/clusters/*", Ct))!;

        Assert.Equal(1, calls.Count("POST", "/clusters"));
        Assert.Equal(2, calls.Count("GET", "/clusters/*"));
        Assert.Equal(1, calls.Count("GET", "/clusters", "de-fra"));
        Assert.Equal(0, calls.Count("GET", "/clusters", "de-txl"));
        Assert.Equal(1, calls.Count("GET", "/cloudapi/v6/datacenters"));
        Assert.Equal(201, calls.Calls[0].Status);
        Assert.Equal(2, overHttp["count"]!.GetValue<int>());
        Assert.Equal(2, overHttp["counts"]![$"GET /clusters/{id}"]!.GetValue<int>());
    }

    [Fact]
    public async Task CallLog_FaultedAndDroppedRequests_AreRecordedAndClearable()
    {
        await using var emulator = await StartAsync();
        emulator.Server.Faults.Add(new FaultRule { Method = "POST", Path = "/clusters", Kind = FaultKind.Drop, Times = 1 });
        emulator.Server.Faults.Add(new FaultRule { Method = "GET", Path = "/clusters", Status = 503, Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.PostClusterAsync(ClusterBody()));
        (await emulator.GetAsync("clusters")).Dispose();
        var dropped = emulator.Server.Calls.Calls[0];
        var faulted = emulator.Server.Calls.Calls[1];
        using var cleared = await emulator.Client.DeleteAsync("_emulator/calls", Ct);

        Assert.Equal(("POST", "/clusters", 0), (dropped.Method, dropped.Path, dropped.Status));
        Assert.Equal(("GET", "/clusters", 503), (faulted.Method, faulted.Path, faulted.Status));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(emulator.Server.Calls.Calls);
    }
}
