using System.Net;
using System.Text.Json.Nodes;
using Ionos.PostgreSql.Models;
using Ionos.PostgreSql.Tests.Fakes;

namespace Ionos.PostgreSql.Tests;

public class IonosPostgresClientRequestTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static ClusterProperties FullProperties() => new()
    {
        Name = "cms-prod",
        Version = "17",
        Instances = new InstanceConfiguration { Count = 1, Cores = 2, Ram = 4, StorageSize = 10 },
        Connection = new ClusterConnection { DatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003", LanId = "2", PrimaryInstanceAddress = "192.168.1.100/24" },
        MaintenanceWindow = new MaintenanceWindow { Time = "09:00:00", DayOfTheWeek = DayOfWeek.Sunday },
        ReplicationMode = ReplicationMode.Asynchronous,
        Credentials = new PostgresCredentials { Username = "my_dbuser", Password = "P@ssw0rd123", Database = "my_database" },
        ConnectionPooler = ConnectionPooler.Session,
        LogsEnabled = true,
        MetricsEnabled = false,
        Backup = new ClusterBackup { Location = "eu-central-3", RetentionDays = 14 },
    };

    [Fact]
    public async Task CreateClusterAsync_Created_PostsPropertiesEnvelopeAndReturnsCluster()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.Created, Payloads.ClusterResponse));

        var cluster = await test.Client().CreateClusterAsync(new ClusterCreateRequest { Properties = FullProperties() }, Ct);

        Assert.Equal(Payloads.ClusterId, cluster.Id);
        Assert.Equal(ClusterState.Provisioning, cluster.Metadata!.State);
        var request = Assert.Single(test.Handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://postgresql.de-txl.ionos.com/clusters", request.Uri.ToString());
        Assert.Equal("application/json", request.ContentType);
        var body = JsonNode.Parse(request.Body!)!.AsObject();
        Assert.Equal(["properties"], body.Select(p => p.Key));
        Assert.Equal("cms-prod", (string?)body["properties"]!["name"]);
        Assert.Equal("SESSION", (string?)body["properties"]!["connectionPooler"]);
        Assert.Equal("P@ssw0rd123", (string?)body["properties"]!["credentials"]!["password"]);
    }

    [Fact]
    public async Task EnsureClusterAsync_RequestWithoutId_PutsPathIdAndFullProperties()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterResponse));

        await test.Client().EnsureClusterAsync(Payloads.ClusterId, new ClusterEnsureRequest { Properties = FullProperties() }, Ct);

        var request = Assert.Single(test.Handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal($"/clusters/{Payloads.ClusterId}", request.Uri.AbsolutePath);
        var body = JsonNode.Parse(request.Body!)!.AsObject();
        Assert.Equal(Payloads.ClusterId, (string?)body["id"]);
        var properties = body["properties"]!.AsObject();
        Assert.Equal(
            ["backup", "connection", "connectionPooler", "credentials", "instances", "logsEnabled", "maintenanceWindow", "metricsEnabled", "name", "replicationMode", "version"],
            properties.Select(p => p.Key).Order());
        Assert.Equal(14, (int)properties["backup"]!["retentionDays"]!);
        Assert.Equal("P@ssw0rd123", (string?)properties["credentials"]!["password"]);
    }

    [Fact]
    public async Task EnsureClusterAsync_CreatedByPut_ReturnsCluster()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.Created, Payloads.ClusterResponse));

        var cluster = await test.Client().EnsureClusterAsync(Payloads.ClusterId, new ClusterEnsureRequest { Id = Payloads.ClusterId, Properties = FullProperties() }, Ct);

        Assert.Equal("cms-prod", cluster.Properties!.Name);
    }

    [Fact]
    public async Task EnsureClusterAsync_IdDiffersFromPath_ThrowsWithoutSending()
    {
        using var test = TestClients.Create();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            test.Client().EnsureClusterAsync(Payloads.ClusterId, new ClusterEnsureRequest { Id = "other", Properties = FullProperties() }, Ct));

        Assert.Contains("differs", ex.Message);
        Assert.Empty(test.Handler.Requests);
    }

    [Fact]
    public async Task DeleteClusterAsync_Accepted_SendsDeleteToClusterPath()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Status(HttpStatusCode.Accepted));

        await test.Client().DeleteClusterAsync(Payloads.ClusterId, Ct);

        var request = Assert.Single(test.Handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal($"/clusters/{Payloads.ClusterId}", request.Uri.AbsolutePath);
    }

    [Fact]
    public async Task ListClustersAsync_Filters_AreSentAsUrlEncodedQueryParameters()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(0, 50, 0, false)));

        await test.Client().ListClustersAsync(new ClusterListQuery { Offset = 100, Limit = 50, Name = "cms prod&x=1", State = ClusterState.Available }, Ct);

        var uri = Assert.Single(test.Handler.Requests).Uri;
        Assert.Equal("/clusters", uri.AbsolutePath);
        Assert.Equal("?offset=100&limit=50&filter.name=cms%20prod%26x%3D1&filter.state=AVAILABLE", uri.Query);
    }

    [Fact]
    public async Task ListClustersAsync_NoQuery_SendsNoParameters()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(0, 100, 1, false)));

        var page = await test.Client().ListClustersAsync(cancellationToken: Ct);

        Assert.Single(page.Items);
        Assert.Equal("https://postgresql.de-txl.ionos.com/clusters", Assert.Single(test.Handler.Requests).Uri.ToString());
    }

    [Fact]
    public async Task ListClustersAsync_LimitAboveMaximum_ThrowsWithoutSending()
    {
        using var test = TestClients.Create();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => test.Client().ListClustersAsync(new ClusterListQuery { Limit = 1001 }, Ct));

        Assert.Empty(test.Handler.Requests);
    }

    [Fact]
    public async Task ListBackupsAsync_ClusterFilter_IsSentAsFilterClusterId()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, """{ "id": "l", "items": [], "offset": 0, "limit": 10, "_links": {} }"""));

        await test.Client().ListBackupsAsync(new BackupListQuery { ClusterId = Payloads.ClusterId, Offset = 0, Limit = 10 }, Ct);

        var uri = Assert.Single(test.Handler.Requests).Uri;
        Assert.Equal("/backups", uri.AbsolutePath);
        Assert.Equal($"?offset=0&limit=10&filter.clusterId={Payloads.ClusterId}", uri.Query);
    }

    [Fact]
    public async Task GetMethods_EachResource_HitsItsContractPath()
    {
        using var test = TestClients.Create();
        var item = """{ "id": "11111111-1111-1111-1111-111111111111", "type": "t", "href": "h", "metadata": {}, "properties": {} }""";
        for (var i = 0; i < 4; i++)
        {
            test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, item));
        }

        var client = test.Client();
        await client.GetClusterAsync("11111111-1111-1111-1111-111111111111", Ct);
        await client.GetBackupAsync("11111111-1111-1111-1111-111111111111", Ct);
        await client.GetBackupLocationAsync("11111111-1111-1111-1111-111111111111", Ct);
        var version = await client.GetVersionAsync("11111111-1111-1111-1111-111111111111", Ct);

        Assert.Equal("11111111-1111-1111-1111-111111111111", version.Id);
        Assert.Equal(
            ["/clusters/", "/backups/", "/backup-locations/", "/versions/"],
            test.Handler.Requests.Select(r => r.Uri.AbsolutePath.Replace("11111111-1111-1111-1111-111111111111", "", StringComparison.Ordinal)));
        Assert.All(test.Handler.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
    }

    [Fact]
    public async Task ListVersionsAndLocations_Called_HitTheirCollections()
    {
        using var test = TestClients.Create();
        var empty = """{ "id": "l", "items": [], "offset": 0, "limit": 100, "_links": {} }""";
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, empty)).Respond(StubHttpHandler.Json(HttpStatusCode.OK, empty));

        await test.Client().ListVersionsAsync(cancellationToken: Ct);
        await test.Client().ListBackupLocationsAsync(new ListQuery { Limit = 5 }, Ct);

        Assert.Equal(["/versions", "/backup-locations?limit=5"], test.Handler.Requests.Select(r => r.Uri.PathAndQuery));
    }

    [Fact]
    public async Task GetClusterAsync_IdWithReservedCharacters_IsEscapedIntoOnePathSegment()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterResponse));

        await test.Client().GetClusterAsync("../versions?x", Ct);

        Assert.Equal("/clusters/..%2Fversions%3Fx", Assert.Single(test.Handler.Requests).Uri.AbsolutePath);
    }
}
