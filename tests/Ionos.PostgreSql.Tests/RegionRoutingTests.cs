using System.Net;
using Ionos.PostgreSql.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Ionos.PostgreSql.Tests;

public class RegionRoutingTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static void Empty(StubHttpHandler handler) =>
        handler.Fallback = _ => StubHttpHandler.Json(HttpStatusCode.OK, """{ "id": "l", "items": [], "offset": 0, "limit": 100, "_links": {} }""");

    [Fact]
    public async Task GetClient_TwoRegions_EachHitsItsOwnDefaultHost()
    {
        using var test = TestClients.Create(o => o.Regions.Add(new IonosRegionOptions { Code = "us-ewr" }));
        Empty(test.Handler);

        await test.Factory.GetClient("de-txl").ListVersionsAsync(cancellationToken: Ct);
        await test.Factory.GetClient("us-ewr").ListVersionsAsync(cancellationToken: Ct);

        Assert.Equal(
            ["https://postgresql.de-txl.ionos.com/versions", "https://postgresql.us-ewr.ionos.com/versions"],
            test.Handler.Requests.Select(r => r.Uri.ToString()));
        Assert.Equal(["de-txl", "us-ewr"], test.Factory.Regions);
    }

    [Fact]
    public async Task GetClient_BaseUrlWithPathPrefix_SendsUnderThatPrefix()
    {
        using var test = TestClients.Create(o => o.Regions[0].BaseUrl = new Uri("http://localhost:5081/v2"));
        Empty(test.Handler);

        var client = test.Factory.GetClient("de-txl");
        await client.ListClustersAsync(cancellationToken: Ct);

        Assert.Equal("http://localhost:5081/v2/clusters", Assert.Single(test.Handler.Requests).Uri.ToString());
        Assert.Equal("de-txl", client.Region);
    }

    [Fact]
    public async Task GetClient_CustomEndpointProvider_IsAskedWhenTheClientIsCreated()
    {
        var endpoints = new LateBoundEndpoints();
        using var test = TestClients.Create(services: s => s.AddSingleton<IIonosEndpointProvider>(endpoints));
        Empty(test.Handler);
        var factory = test.Factory;

        // The emulator's port becomes known only after the container was built.
        endpoints.Port = 49152;
        await factory.GetClient("DE-TXL").ListBackupLocationsAsync(cancellationToken: Ct);

        Assert.Equal("http://127.0.0.1:49152/ionos/de-txl/backup-locations", Assert.Single(test.Handler.Requests).Uri.ToString());
    }

    [Fact]
    public void GetClient_UnknownRegion_ThrowsNamingConfiguredRegions()
    {
        using var test = TestClients.Create(o => o.Regions.Add(new IonosRegionOptions { Code = "de-fra" }));

        var ex = Assert.Throws<ArgumentException>(() => test.Factory.GetClient("fr-par"));

        Assert.Contains("'fr-par' is not configured", ex.Message);
        Assert.Contains("de-txl, de-fra", ex.Message);
    }

    [Fact]
    public void DefaultBaseAddress_RegionCode_FollowsIonosHostPattern()
    {
        Assert.Equal(new Uri("https://postgresql.gb-lhr.ionos.com/"), OptionsIonosEndpointProvider.DefaultBaseAddress("gb-lhr"));
    }

    private sealed class LateBoundEndpoints : IIonosEndpointProvider
    {
        public int Port { get; set; }

        public Uri GetBaseAddress(string regionCode) => new($"http://127.0.0.1:{Port}/ionos/{regionCode}");
    }
}
