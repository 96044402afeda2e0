using Ionos.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Offerings;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Ionos;

namespace Portal.Infrastructure.Tests.Ionos;

public sealed class IonosNetworkCatalogTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private const string BerlinProduction = "5a029f4a-72e5-11ec-90d6-0242ac120003";
    private const string FrankfurtStaging = "c1a2b3d4-0000-4000-8000-00000000f4a1";

    private readonly ServiceProvider _services = emulator.BuildAdapters();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private INetworkCatalog Catalog => _services.GetRequiredService<INetworkCatalog>();

    [Fact]
    public async Task GetDatacentersAsync_RegionDeFra_ReturnsOnlyDatacentersLocatedInFrankfurt()
    {
        var datacenters = await Catalog.GetDatacentersAsync("de-fra", Ct);

        Assert.Equal([new DatacenterOption(FrankfurtStaging, "Frankfurt staging", "de/fra")], datacenters);
    }

    [Fact]
    public async Task GetDatacentersAsync_RegionDeTxl_ReturnsOnlyDatacentersLocatedInBerlinInOneCall()
    {
        emulator.Server.Calls.Clear();

        var datacenters = await Catalog.GetDatacentersAsync("de-txl", Ct);

        Assert.Equal([new DatacenterOption(BerlinProduction, "Berlin production", "de/txl")], datacenters);
        Assert.Equal(1, emulator.Server.Calls.Count("GET", "/cloudapi/v6/datacenters"));
    }

    [Fact]
    public async Task GetDatacentersAsync_RegionWithoutDatacenters_ReturnsEmptyList()
    {
        Assert.Empty(await Catalog.GetDatacentersAsync("us-ewr", Ct));
    }

    [Fact]
    public async Task GetPrivateLansAsync_DatacenterWithPublicAndPrivateLans_ReturnsOnlyThePrivateOnes()
    {
        var lans = await Catalog.GetPrivateLansAsync(BerlinProduction, Ct);

        Assert.Equal([new LanOption("2", "database"), new LanOption("3", "application")], lans);
    }

    [Fact]
    public async Task GetPrivateLansAsync_UnknownDatacenter_ReturnsNoLans()
    {
        Assert.Empty(await Catalog.GetPrivateLansAsync(Guid.NewGuid().ToString(), Ct));
    }

    [Fact]
    public async Task GetDatacentersAsync_CloudApiAnswers503_ThrowsIonosUnavailableWithReadableReason()
    {
        var fault = emulator.Server.Faults.Add(new FaultRule { Method = "GET", Path = "/cloudapi/v6/datacenters", Status = 503 });
        try
        {
            var error = await Assert.ThrowsAsync<IonosUnavailableException>(() => Catalog.GetDatacentersAsync("de-fra", Ct));

            Assert.Equal("IONOS answered 503 ServiceUnavailable", error.Reason);
        }
        finally
        {
            emulator.Server.Faults.Remove(fault.Id);
        }
    }

    [Fact]
    public async Task GetPrivateLansAsync_CloudApiAnswers503_ThrowsIonosUnavailable()
    {
        var fault = emulator.Server.Faults.Add(new FaultRule { Method = "GET", Path = "/cloudapi/v6/datacenters/*/lans", Status = 503 });
        try
        {
            await Assert.ThrowsAsync<IonosUnavailableException>(() => Catalog.GetPrivateLansAsync(BerlinProduction, Ct));
        }
        finally
        {
            emulator.Server.Faults.Remove(fault.Id);
        }
    }

    [Theory]
    [InlineData("de-txl", "de/txl", true)]
    [InlineData("de-fra", "de/fra", true)]
    [InlineData("de-fra", "de/fra/2", true)]
    [InlineData("de-fra", "DE/FRA", true)]
    [InlineData("de-fra", "de/txl", false)]
    [InlineData("de-fra", "de/fram", false)]
    [InlineData("us-ewr", "us/ewr", true)]
    [InlineData("us-ewr", "us/las", false)]
    public void ServesRegion_Location_MatchesRegionCodeWithSlashes(string region, string location, bool expected)
    {
        Assert.Equal(expected, IonosNetworkCatalog.ServesRegion(region, location));
    }

    public void Dispose() => _services.Dispose();
}
