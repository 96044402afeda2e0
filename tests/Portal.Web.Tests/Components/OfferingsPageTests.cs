using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Web.Components.Pages;

namespace Portal.Web.Tests.Components;

public sealed class OfferingsPageTests : BunitContext
{
    private readonly FakeCatalog _catalog = new();

    public OfferingsPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IIonosCatalog>(_catalog);
        Services.AddSingleton<IRegionCatalog>(new FixedRegions(["de-txl", "de-fra"]));
        Services.AddSingleton(sp => new OfferingsService(_catalog, sp.GetRequiredService<IRegionCatalog>(), NullLogger<OfferingsService>.Instance));
    }

    [Fact]
    public void Offerings_TwoRegions_ShowsVersionsNewestFirstWithStatusAndUpgradePath()
    {
        var page = Render<Offerings>();

        var berlin = page.Find("[data-testid='region-de-txl']");
        var rows = berlin.QuerySelectorAll("[data-testid='version-row']");
        Assert.Equal(["PostgreSQL 17", "PostgreSQL 16", "PostgreSQL 9"], rows.Select(r => r.QuerySelector("td")!.TextContent.Trim()));
        Assert.Contains("RECOMMENDED", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("17", rows[1].QuerySelectorAll("td")[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("eu-central-3", berlin.QuerySelector("[data-testid='backup-locations']")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='region-de-fra'] [data-testid='versions']"));
    }

    [Fact]
    public void Offerings_UnknownStatus_ShowsTheRawValueInsteadOfFailing()
    {
        var page = Render<Offerings>();

        var chips = page.FindAll("[data-testid='region-de-txl'] [data-testid='version-status']");
        Assert.Contains(chips, c => c.TextContent.Contains("EXPERIMENTAL", StringComparison.Ordinal));
    }

    [Fact]
    public void Offerings_OneRegionUnreachable_ShowsItsErrorWithRetryAndTheOtherRegionStillLoads()
    {
        _catalog.FailingRegions.Add("de-fra");

        var page = Render<Offerings>();

        var error = page.Find("[data-testid='region-de-fra'] [data-testid='region-error']");
        Assert.Contains("de-fra could not be reached", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("Retry", error.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-testid='region-de-txl'] [data-testid='version-row']"));

        _catalog.FailingRegions.Clear();
        page.Find("[data-testid='region-de-fra'] [data-testid='region-error'] button").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='region-de-fra'] [data-testid='version-row']")));
    }

    private sealed class FixedRegions(IReadOnlyList<string> regions) : IRegionCatalog
    {
        public IReadOnlyList<string> Regions { get; } = regions;
    }

    private sealed class FakeCatalog : IIonosCatalog
    {
        public HashSet<string> FailingRegions { get; } = [];

        public Task<IReadOnlyList<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken)
        {
            ThrowIfFailing(region);
            IReadOnlyList<PostgresVersionOffering> versions =
            [
                new("9", VersionSupportStatus.Unknown, "EXPERIMENTAL", null, []),
                new("16", VersionSupportStatus.Recommended, "RECOMMENDED", null, ["17"]),
                new("17", VersionSupportStatus.Supported, "SUPPORTED", "Latest", []),
            ];
            return Task.FromResult(versions);
        }

        public Task<IReadOnlyList<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken)
        {
            ThrowIfFailing(region);
            IReadOnlyList<BackupLocationOffering> locations = [new("b1", "eu-central-3"), new("b2", "eu-central-4")];
            return Task.FromResult(locations);
        }

        private void ThrowIfFailing(string region)
        {
            if (FailingRegions.Contains(region))
            {
                throw new IonosUnavailableException("503 Service Unavailable");
            }
        }
    }
}
