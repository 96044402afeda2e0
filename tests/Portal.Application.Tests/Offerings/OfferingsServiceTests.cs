using Microsoft.Extensions.Logging.Abstractions;
using Portal.Application.Offerings;
using Portal.Application.Regions;

namespace Portal.Application.Tests.Offerings;

public sealed class OfferingsServiceTests
{
    private readonly FakeCatalog _catalog = new();

    private OfferingsService Service() => new(_catalog, new FixedRegions(["de-txl", "de-fra"]), NullLogger<OfferingsService>.Instance);

    [Fact]
    public async Task GetRegion_Loaded_SortsVersionsNumericallyNewestFirstAndLocationsByName()
    {
        var result = await Service().GetRegionAsync("de-txl", TestContext.Current.CancellationToken);

        Assert.True(result.IsAvailable);
        Assert.Equal(["17", "16", "9", "next"], result.Versions.Select(v => v.Version));
        Assert.Equal(["eu-central-3", "eu-central-4"], result.BackupLocations.Select(l => l.Location));
    }

    [Fact]
    public async Task GetRegion_IonosUnavailable_ReturnsTheReasonInsteadOfThrowing()
    {
        _catalog.Failure = new IonosUnavailableException("IONOS answered 503 ServiceUnavailable");

        var result = await Service().GetRegionAsync("de-fra", TestContext.Current.CancellationToken);

        Assert.False(result.IsAvailable);
        Assert.Equal("IONOS in de-fra could not be reached: IONOS answered 503 ServiceUnavailable. Try again in a moment.", result.Error);
        Assert.Empty(result.Versions);
    }

    [Fact]
    public async Task GetRegion_UnexpectedFailure_ShowsNoInternalDetails()
    {
        _catalog.Failure = new InvalidOperationException("Bearer abc123 leaked?");

        var result = await Service().GetRegionAsync("de-fra", TestContext.Current.CancellationToken);

        Assert.Equal("IONOS in de-fra could not be reached. Try again in a moment.", result.Error);
    }

    [Fact]
    public async Task GetRegion_UnknownRegion_IsRefusedWithTheConfiguredRegions()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Service().GetRegionAsync("us-las", TestContext.Current.CancellationToken));

        Assert.Contains("de-txl, de-fra", error.Message, StringComparison.Ordinal);
    }

    private sealed class FixedRegions(IReadOnlyList<string> regions) : IRegionCatalog
    {
        public IReadOnlyList<string> Regions { get; } = regions;
    }

    private sealed class FakeCatalog : IIonosCatalog
    {
        public Exception? Failure { get; set; }

        public Task<IReadOnlyList<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            IReadOnlyList<PostgresVersionOffering> versions =
            [
                new("9", VersionSupportStatus.Deprecated, "DEPRECATED", null, ["17"]),
                new("next", VersionSupportStatus.Beta, "BETA", null, []),
                new("17", VersionSupportStatus.Recommended, "RECOMMENDED", null, []),
                new("16", VersionSupportStatus.Supported, "SUPPORTED", null, ["17"]),
            ];
            return Task.FromResult(versions);
        }

        public Task<IReadOnlyList<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken)
        {
            IReadOnlyList<BackupLocationOffering> locations = [new("2", "eu-central-4"), new("1", "eu-central-3")];
            return Task.FromResult(locations);
        }
    }
}
