using System.Net;
using static Ionos.Emulator.Tests.EmulatorHarness;

namespace Ionos.Emulator.Tests;

public sealed class RegionAndCloudApiTests
{
    [Fact]
    public async Task Regions_ClustersAreIsolatedPerRegion()
    {
        await using var emulator = await StartAsync();
        var fra = await emulator.CreateClusterAsync(ClusterBody("in-fra"), "de-fra/");
        var txl = await emulator.CreateClusterAsync(ClusterBody("in-txl"));

        var fraList = await emulator.GetJsonAsync("de-fra/clusters");
        var parList = await emulator.GetJsonAsync("fr-par/clusters");
        using var crossRegion = await emulator.GetAsync($"de-fra/clusters/{txl}");

        Assert.Equal([fra], fraList["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Empty(parList["items"]!.AsArray());
        await AssertErrorAsync(crossRegion, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Regions_DefaultRegionAtRootIsTheSameAsItsPrefix()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateClusterAsync();

        var viaPrefix = await emulator.GetJsonAsync($"de-txl/clusters/{id}");

        Assert.Equal(id, viaPrefix["id"]!.GetValue<string>());
        Assert.Equal($"{emulator.Server.BaseAddress}de-txl/clusters/{id}", viaPrefix["href"]!.GetValue<string>());
    }

    [Fact]
    public async Task Regions_HrefAndDnsNameNameTheRegion()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.PostClusterAsync(ClusterBody(), "us-ewr/");
        var json = await ReadAsync(response);
        var id = json["id"]!.GetValue<string>();

        Assert.Equal($"{emulator.Server.RegionAddress("us-ewr")}clusters/{id}", json["href"]!.GetValue<string>());
        Assert.EndsWith(".postgresql.us-ewr.ionos.com", json["metadata"]!["dnsName"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(":us-ewr:", json["metadata"]!["resourceURN"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("us-ewr", Assert.Single(emulator.Server.Store.Clusters()).Region);
    }

    [Theory]
    [InlineData("de-txl")]
    [InlineData("de-fra")]
    [InlineData("fr-par")]
    [InlineData("es-vit")]
    [InlineData("gb-lhr")]
    [InlineData("gb-bhx")]
    [InlineData("us-las")]
    [InlineData("us-mci")]
    [InlineData("us-ewr")]
    public async Task Regions_AllNineAreServedByDefault(string region)
    {
        await using var emulator = await StartAsync();

        var versions = await emulator.GetJsonAsync($"{region}/versions");

        Assert.Equal($"{emulator.Server.BaseAddress}{region}/versions", versions["href"]!.GetValue<string>());
    }

    [Fact]
    public async Task Regions_NotConfigured_Returns404()
    {
        await using var emulator = await StartAsync(o =>
        {
            o.Regions = ["de-fra"];
            o.DefaultRegion = "de-fra";
        });

        using var response = await emulator.GetAsync("de-txl/clusters");
        var root = await emulator.GetJsonAsync("clusters");

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("collection", root["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Regions_CustomDefaultRegion_IsServedAtRoot()
    {
        await using var emulator = await StartAsync(o => o.DefaultRegion = "gb-lhr");
        var id = await emulator.CreateClusterAsync();

        var json = await emulator.GetJsonAsync($"gb-lhr/clusters/{id}");

        Assert.EndsWith(".postgresql.gb-lhr.ionos.com", json["metadata"]!["dnsName"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2Prefix_IsAnAliasOfTheRegionRoot()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateClusterAsync(ClusterBody(), "de-fra/");

        var aliased = await emulator.GetJsonAsync($"de-fra/v2/clusters/{id}");
        var rootAlias = await emulator.GetJsonAsync("v2/clusters");

        Assert.Equal($"{emulator.Server.BaseAddress}de-fra/v2/clusters/{id}", aliased["href"]!.GetValue<string>());
        Assert.Empty(rootAlias["items"]!.AsArray());
    }

    [Fact]
    public async Task CloudApi_Datacenters_ReturnsCollectionWithLocations()
    {
        await using var emulator = await StartAsync();

        var list = await emulator.GetJsonAsync("cloudapi/v6/datacenters");
        var items = list["items"]!.AsArray();
        var first = items[0]!;

        Assert.Equal("collection", list["type"]!.GetValue<string>());
        Assert.Equal($"{emulator.Server.BaseAddress}cloudapi/v6/datacenters", list["href"]!.GetValue<string>());
        Assert.True(items.Count >= 3);
        Assert.Equal("datacenter", first["type"]!.GetValue<string>());
        Assert.Equal($"{emulator.Server.BaseAddress}cloudapi/v6/datacenters/{first["id"]}", first["href"]!.GetValue<string>());
        Assert.Equal("AVAILABLE", first["metadata"]!["state"]!.GetValue<string>());
        Assert.Contains(items, i => i!["properties"]!["location"]!.GetValue<string>() == "de/txl");
        Assert.Contains(items, i => i!["properties"]!["location"]!.GetValue<string>() == "de/fra");
        Assert.Contains(items, i => i!["properties"]!["location"]!.GetValue<string>() == "es/vit");
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i!["properties"]!["name"]!.GetValue<string>())));
        Assert.All(items, i => Assert.True(i!["properties"]!["version"]!.GetValue<int>() > 0));
    }

    [Fact]
    public async Task CloudApi_Lans_ListPublicAndPrivate()
    {
        await using var emulator = await StartAsync();

        var lans = await emulator.GetJsonAsync($"cloudapi/v6/datacenters/{DatacenterId}/lans");
        var items = lans["items"]!.AsArray();

        Assert.Equal("collection", lans["type"]!.GetValue<string>());
        Assert.Equal($"{emulator.Server.BaseAddress}cloudapi/v6/datacenters/{DatacenterId}/lans", lans["href"]!.GetValue<string>());
        Assert.All(items, l => Assert.Equal("lan", l!["type"]!.GetValue<string>()));
        Assert.Contains(items, l => l!["properties"]!["public"]!.GetValue<bool>());
        Assert.Contains(items, l => !l!["properties"]!["public"]!.GetValue<bool>() && l["id"]!.GetValue<string>() == "2");
        Assert.Equal($"{emulator.Server.BaseAddress}cloudapi/v6/datacenters/{DatacenterId}/lans/1", items[0]!["href"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("cloudapi/v6/datacenters/6f0e2c1a-0000-4000-8000-000000000001/lans")]
    [InlineData("cloudapi/v6/datacenters/6f0e2c1a-0000-4000-8000-000000000001")]
    [InlineData("cloudapi/v6/datacenters/5a029f4a-72e5-11ec-90d6-0242ac120003/lans/99")]
    public async Task CloudApi_Unknown_Returns404(string path)
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.GetAsync(path);

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CloudApi_IsNotServedUnderARegion()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.GetAsync("de-fra/cloudapi/v6/datacenters");

        await AssertErrorAsync(response, HttpStatusCode.NotFound);
    }
}
