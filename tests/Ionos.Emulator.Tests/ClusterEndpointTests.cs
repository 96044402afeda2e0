using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using static Ionos.Emulator.Tests.EmulatorHarness;

namespace Ionos.Emulator.Tests;

public sealed class ClusterEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostCluster_ValidBody_Returns201WithContractEnvelope()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.PostClusterAsync(ClusterBody());
        var json = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var id = json["id"]!.GetValue<string>();
        Assert.True(Guid.TryParseExact(id, "D", out _));
        Assert.Equal("cluster", json["type"]!.GetValue<string>());
        Assert.Equal($"{emulator.Server.BaseAddress}clusters/{id}", json["href"]!.GetValue<string>());
        Assert.Equal(["id", "type", "href", "metadata", "properties"], json.Select(p => p.Key));

        var metadata = json["metadata"]!.AsObject();
        Assert.Equal("PROVISIONING", metadata["state"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:00:00Z", metadata["createdDate"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:00:00Z", metadata["lastModifiedDate"]!.GetValue<string>());
        Assert.Equal("emulator@example.com", metadata["createdBy"]!.GetValue<string>());
        Assert.Equal("emulator@example.com", metadata["lastModifiedBy"]!.GetValue<string>());
        Assert.NotNull(metadata["createdByUserId"]);
        Assert.NotNull(metadata["lastModifiedByUserId"]);
        Assert.Contains(id, metadata["resourceURN"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches("^pg-[a-z0-9]{16}\\.postgresql\\.de-txl\\.ionos\\.com$", metadata["dnsName"]!.GetValue<string>());

        var properties = json["properties"]!.AsObject();
        Assert.Equal("cms-prod", properties["name"]!.GetValue<string>());
        Assert.Equal("Production PostgreSQL cluster", properties["description"]!.GetValue<string>());
        Assert.Equal("16", properties["version"]!.GetValue<string>());
        Assert.Equal(2, properties["instances"]!["cores"]!.GetValue<int>());
        Assert.Equal(20, properties["instances"]!["storageSize"]!.GetValue<int>());
        Assert.Equal("2", properties["connection"]!["lanId"]!.GetValue<string>());
        Assert.Equal("192.168.1.100/24", properties["connection"]!["primaryInstanceAddress"]!.GetValue<string>());
        Assert.Equal("Sunday", properties["maintenanceWindow"]!["dayOfTheWeek"]!.GetValue<string>());
        Assert.Equal("09:00:00", properties["maintenanceWindow"]!["time"]!.GetValue<string>());
        Assert.Equal("ASYNCHRONOUS", properties["replicationMode"]!.GetValue<string>());
        Assert.Equal("TRANSACTION", properties["connectionPooler"]!.GetValue<string>());
        Assert.True(properties["logsEnabled"]!.GetValue<bool>());
        Assert.True(properties["metricsEnabled"]!.GetValue<bool>());
        Assert.Equal("eu-central-3", properties["backup"]!["location"]!.GetValue<string>());
        Assert.Equal(7, properties["backup"]!["retentionDays"]!.GetValue<int>());
        Assert.False(properties.ContainsKey("credentials"));
        Assert.False(properties.ContainsKey("restoreFromBackup"));
    }

    [Fact]
    public async Task PostCluster_AnyResponse_NeverContainsPassword()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        using var put = await emulator.PutClusterAsync(id, EnsureBody(id));

        var texts = new List<string>
        {
            await put.Content.ReadAsStringAsync(Ct),
            await emulator.Client.GetStringAsync($"clusters/{id}", Ct),
            await emulator.Client.GetStringAsync("clusters", Ct),
        };

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.All(texts, t => Assert.DoesNotContain(Password, t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("password", t, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PostCluster_RestoreFromBackup_IsNeverReturned()
    {
        await using var emulator = await StartAsync();
        var sourceId = await emulator.CreateAvailableClusterAsync();
        emulator.Clock.Advance(TimeSpan.FromMinutes(5));
        var backup = (await emulator.GetJsonAsync($"backups?filter.clusterId={sourceId}"))["items"]![0]!;
        var body = ClusterBody("restored");
        body["properties"]!["restoreFromBackup"] = new JsonObject
        {
            ["sourceBackupId"] = backup["id"]!.GetValue<string>(),
            ["recoveryTargetDatetime"] = "2026-03-01T12:02:00Z",
        };

        using var response = await emulator.PostClusterAsync(body);
        var json = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(json["properties"]!.AsObject().ContainsKey("restoreFromBackup"));
    }

    [Fact]
    public async Task GetCluster_Existing_ReturnsSameCluster()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateClusterAsync();

        var json = await emulator.GetJsonAsync($"clusters/{id}");

        Assert.Equal(id, json["id"]!.GetValue<string>());
        Assert.Equal($"{emulator.Server.BaseAddress}clusters/{id}", json["href"]!.GetValue<string>());
        Assert.Equal("cms-prod", json["properties"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("clusters/6f0e2c1a-0000-4000-8000-000000000001")]
    [InlineData("clusters/not-a-uuid")]
    [InlineData("backups/6f0e2c1a-0000-4000-8000-000000000001")]
    [InlineData("backups/42")]
    [InlineData("versions/6f0e2c1a-0000-4000-8000-000000000001")]
    [InlineData("backup-locations/eu-central-3")]
    public async Task Get_UnknownOrMalformedId_Returns404WithErrorBody(string path)
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.GetAsync(path);

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListClusters_TwoClusters_ReturnsCollectionInCreationOrder()
    {
        await using var emulator = await StartAsync();
        var first = await emulator.CreateClusterAsync(ClusterBody("b-second-name"));
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await emulator.CreateClusterAsync(ClusterBody("a-first-name"));

        var json = await emulator.GetJsonAsync("clusters");

        Assert.Equal("collection", json["type"]!.GetValue<string>());
        Assert.True(Guid.TryParse(json["id"]!.GetValue<string>(), out _));
        Assert.Equal($"{emulator.Server.BaseAddress}clusters", json["href"]!.GetValue<string>());
        Assert.Equal(0, json["offset"]!.GetValue<int>());
        Assert.Equal(100, json["limit"]!.GetValue<int>());
        Assert.Equal([first, second], json["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ListClusters_DuplicateNames_AreAllowed()
    {
        await using var emulator = await StartAsync();
        await emulator.CreateClusterAsync(ClusterBody("same"));
        await emulator.CreateClusterAsync(ClusterBody("same"));

        var json = await emulator.GetJsonAsync("clusters?filter.name=same");

        Assert.Equal(2, json["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task ListClusters_FilterName_MatchesCaseInsensitiveSubstring()
    {
        await using var emulator = await StartAsync();
        var match = await emulator.CreateClusterAsync(ClusterBody("Shop-Prod"));
        await emulator.CreateClusterAsync(ClusterBody("billing"));

        var json = await emulator.GetJsonAsync("clusters?filter.name=op-pr");

        Assert.Equal([match], json["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal($"{emulator.Server.BaseAddress}clusters?filter.name=op-pr&offset=0&limit=100", json["_links"]!["self"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListClusters_FilterState_ReturnsOnlyThatState()
    {
        await using var emulator = await StartAsync();
        var available = await emulator.CreateAvailableClusterAsync(ClusterBody("old"));
        var provisioning = await emulator.CreateClusterAsync(ClusterBody("new"));

        var availableList = await emulator.GetJsonAsync("clusters?filter.state=AVAILABLE");
        var provisioningList = await emulator.GetJsonAsync("clusters?filter.state=PROVISIONING");

        Assert.Equal([available], availableList["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal([provisioning], provisioningList["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ListClusters_InvalidFilterState_Returns400()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.GetAsync("clusters?filter.state=BUSY");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "filter.state");
    }

    [Fact]
    public async Task PutCluster_Available_Returns200Updating()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        var body = EnsureBody(id);
        body["properties"]!["instances"]!["cores"] = 4;

        using var response = await emulator.PutClusterAsync(id, body);
        var json = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("UPDATING", json["metadata"]!["state"]!.GetValue<string>());
        Assert.Equal(4, json["properties"]!["instances"]!["cores"]!.GetValue<int>());
        Assert.Equal("2026-03-01T12:00:10Z", json["metadata"]!["lastModifiedDate"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:00:00Z", json["metadata"]!["createdDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutCluster_OmittedOptionalFields_AreResetToDefaults()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        var body = EnsureBody(id);
        var properties = body["properties"]!.AsObject();
        properties.Remove("description");
        properties.Remove("connectionPooler");
        properties.Remove("logsEnabled");
        properties.Remove("metricsEnabled");
        properties.Remove("credentials");

        using var response = await emulator.PutClusterAsync(id, body);
        var json = (await ReadAsync(response))["properties"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", json["description"]!.GetValue<string>());
        Assert.Equal("DISABLED", json["connectionPooler"]!.GetValue<string>());
        Assert.False(json["logsEnabled"]!.GetValue<bool>());
        Assert.False(json["metricsEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task PutCluster_UnknownId_CreatesClusterWith201()
    {
        await using var emulator = await StartAsync();
        var id = Guid.NewGuid().ToString();

        using var response = await emulator.PutClusterAsync(id, EnsureBody(id));
        var json = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, json["id"]!.GetValue<string>());
        Assert.Equal("PROVISIONING", json["metadata"]!["state"]!.GetValue<string>());
        Assert.Equal(id, (await emulator.GetJsonAsync($"clusters/{id}"))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutCluster_UnknownIdWithoutCredentials_Returns422()
    {
        await using var emulator = await StartAsync();
        var id = Guid.NewGuid().ToString();
        var body = EnsureBody(id);
        body["properties"]!.AsObject().Remove("credentials");

        using var response = await emulator.PutClusterAsync(id, body);

        await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "properties.credentials is required");
    }

    [Fact]
    public async Task PutCluster_MalformedPathId_Returns404()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.PutClusterAsync("nope", EnsureBody("nope"));

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("6f0e2c1a-0000-4000-8000-000000000099")]
    [InlineData(null)]
    public async Task PutCluster_BodyIdDiffersFromPath_Returns422(string? bodyId)
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        var body = EnsureBody(id);
        if (bodyId is null)
        {
            body.Remove("id");
        }
        else
        {
            body["id"] = bodyId;
        }

        using var response = await emulator.PutClusterAsync(id, body);

        await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "id is required and must equal the clusterId in the path");
    }

    [Fact]
    public async Task DeleteCluster_Existing_Returns202WithoutBody()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();

        using var response = await emulator.Client.DeleteAsync($"clusters/{id}", Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("DESTROYING", (await emulator.GetJsonAsync($"clusters/{id}"))["metadata"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteCluster_Unknown_Returns404()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.Client.DeleteAsync($"clusters/{Guid.NewGuid()}", Ct);

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task PostAndPut_NonJsonContentType_Return415(string? contentType)
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        HttpContent Content()
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(EnsureBody(id).ToJsonString()));
            if (contentType is not null)
            {
                content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }

            return content;
        }

        using var post = await emulator.Client.PostAsync("clusters", Content(), Ct);
        using var put = await emulator.Client.PutAsync($"clusters/{id}", Content(), Ct);

        await AssertErrorAsync(post, HttpStatusCode.UnsupportedMediaType);
        await AssertErrorAsync(put, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task PostCluster_UnparseableBody_Returns400(string text)
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.Client.PostAsync("clusters", new StringContent(text, Encoding.UTF8, "application/json"), Ct);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task PostCluster_WithoutProperties_Returns422()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.PostClusterAsync(new JsonObject());

        await AssertErrorAsync(response, HttpStatusCode.UnprocessableEntity, "properties is required");
    }

    [Theory]
    [InlineData("clusters")]
    [InlineData("backups")]
    [InlineData("versions")]
    [InlineData("backup-locations")]
    [InlineData("de-fra/clusters")]
    [InlineData("cloudapi/v6/datacenters")]
    public async Task Get_WithoutBearerToken_Returns401(string path)
    {
        await using var emulator = await StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.Server.BaseAddress };

        using var response = await client.GetAsync(path, Ct);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Get_BasicAuthInsteadOfBearer_Returns401()
    {
        await using var emulator = await StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");

        using var response = await client.GetAsync("clusters", Ct);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PostCluster_WithoutBearerToken_Returns401AndCreatesNothing()
    {
        await using var emulator = await StartAsync();
        using var client = new HttpClient { BaseAddress = emulator.Server.BaseAddress };

        using var response = await client.PostAsync("clusters", Json(ClusterBody()), Ct);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Empty(emulator.Server.Store.Clusters());
    }

    [Fact]
    public async Task Get_ConfiguredTokenMismatch_Returns401AndMatchIsAccepted()
    {
        await using var emulator = await StartAsync(o => o.Token = "secret");
        using var wrong = new HttpClient { BaseAddress = emulator.Server.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "other");
        using var right = new HttpClient { BaseAddress = emulator.Server.BaseAddress };
        right.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "secret");

        using var rejected = await wrong.GetAsync("clusters", Ct);
        using var accepted = await right.GetAsync("clusters", Ct);

        await AssertErrorAsync(rejected, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task UnknownPath_Returns404WithErrorBody()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.GetAsync("no-such-thing");

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Timestamps_AreUtcWithZSuffix()
    {
        await using var emulator = await StartAsync(clock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(
            new DateTimeOffset(2026, 3, 1, 14, 30, 15, 500, TimeSpan.FromHours(2))));

        var id = await emulator.CreateClusterAsync();
        var json = await emulator.GetJsonAsync($"clusters/{id}");

        Assert.Equal("2026-03-01T12:30:15Z", json["metadata"]!["createdDate"]!.GetValue<string>());
    }
}
