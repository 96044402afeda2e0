using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Pages;

namespace Portal.Web.Tests.Components.Wizard;

/// <summary>The steps fed by live IONOS lists: backup location, version, network.</summary>
public sealed class OptionsStepTests : WizardTestContext
{
    [Fact]
    public void BackupLocation_Loaded_OffersTheRegionsLocationsAndSaysItIsFixed()
    {
        Drafts.Stored = ValidDraft(WizardStep.BackupLocation);

        var page = Render<NewCluster>();

        page.WaitForStep(WizardStep.BackupLocation);
        Assert.Contains("cannot be changed after the cluster is created", page.Find("[data-testid='fixed-note']").TextContent, StringComparison.Ordinal);
        Assert.Equal("7", page.Input("field-retention").GetAttribute("value"));
        Assert.False(page.NextDisabled());
    }

    [Fact]
    public void BackupLocation_IonosUnreachable_RetryLoadsTheListAndKeepsWhatWasEntered()
    {
        Catalog.Unreachable = true;
        Drafts.Stored = ValidDraft(WizardStep.BackupLocation);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.BackupLocation);

        var error = page.Find("[data-testid='options-error']");
        Assert.Contains("503 Service Unavailable", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("Retry", error.TextContent, StringComparison.Ordinal);
        page.Input("field-retention").Change("30");

        Catalog.Unreachable = false;
        page.Find("[data-testid='retry']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='options-error']")));
        Assert.Equal("30", page.Input("field-retention").GetAttribute("value"));
        Assert.Equal(30, Drafts.Stored!.RetentionDays);
        Assert.Equal("orders-db", Drafts.Stored.Name);
    }

    [Fact]
    public void BackupLocation_RetentionOutOfRange_ShowsTheLimitAndBlocksNext()
    {
        Drafts.Stored = ValidDraft(WizardStep.BackupLocation);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.BackupLocation);

        page.Input("field-retention").Change("400");

        page.WaitForAssertion(() => Assert.True(page.NextDisabled()));
        Assert.Contains("365", page.Find("[data-testid='field-retention']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_NoneChosen_PreselectsRecommendedAndShowsItsUpgradePath()
    {
        Drafts.Stored = ValidDraft(WizardStep.Version);
        Drafts.Stored.PostgresVersion = null;

        var page = Render<NewCluster>();

        page.WaitForStep(WizardStep.Version);
        var options = page.FindAll("[data-testid='version-option']");
        Assert.Equal(["18", "17", "16", "15"], options.Select(o => o.TextContent.Split("PostgreSQL ")[1].Trim()[..2]));
        Assert.Contains("BETA", options[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("DEPRECATED", options[3].TextContent, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL 17 cannot be upgraded in place yet", page.Find("[data-testid='upgrade-path']").TextContent, StringComparison.Ordinal);
        page.Next();
        page.WaitForStep(WizardStep.Sizing);
        Assert.Equal("17", Drafts.Stored!.PostgresVersion);
    }

    [Fact]
    public void Version_DeprecatedChosen_WarnsAndShowsWhereItCanUpgrade()
    {
        Drafts.Stored = ValidDraft(WizardStep.Version);
        Drafts.Stored.PostgresVersion = "15";

        var page = Render<NewCluster>();

        page.WaitForStep(WizardStep.Version);
        Assert.Contains("deprecated", page.Find("[data-testid='version-deprecated']").TextContent, StringComparison.Ordinal);
        Assert.Contains("upgrade PostgreSQL 15 to 16, 17", page.Find("[data-testid='upgrade-path']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_IonosUnreachable_ShowsTheMessageWithRetry()
    {
        Catalog.Unreachable = true;
        Drafts.Stored = ValidDraft(WizardStep.Version);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Version);

        Assert.Contains("PostgreSQL versions of de-txl could not be loaded", page.Find("[data-testid='options-error']").TextContent, StringComparison.Ordinal);

        Catalog.Unreachable = false;
        page.Find("[data-testid='retry']").Click();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid='version-option']").Count));
        Assert.Equal("17", Drafts.Stored!.PostgresVersion);
    }

    [Fact]
    public void Network_CloudApiUnreachable_OffersRetryAndManualEntryWithValidatedIds()
    {
        Network.Unreachable = true;
        Drafts.Stored = ValidDraft(WizardStep.Network);
        Drafts.Stored.DatacenterId = null;
        Drafts.Stored.LanId = null;
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Network);

        Assert.Contains("Cloud API timed out", page.Find("[data-testid='options-error']").TextContent, StringComparison.Ordinal);
        Assert.Equal("192.168.1.100/24", page.Input("field-address").GetAttribute("value"));

        page.Find("[data-testid='manual-network'] input").Change(true);
        page.WaitForAssertion(() => page.Find("[data-testid='field-datacenter-manual'] input").Input("not-a-uuid"));

        page.WaitForAssertion(() => Assert.NotEqual("", page.Find("[data-testid='field-datacenter-manual'] .mud-input-helper-text").TextContent.Trim()));
        Assert.True(page.NextDisabled());

        page.Find("[data-testid='field-datacenter-manual'] input").Input(DatacenterId);
        page.Find("[data-testid='field-lan-manual'] input").Input("1");
        page.WaitForAssertion(() => Assert.False(page.NextDisabled()));
        page.Next();
        page.WaitForStep(WizardStep.MaintenanceWindow);
        Assert.Equal(DatacenterId, Drafts.Stored!.DatacenterId);
        Assert.True(Drafts.Stored.ManualNetworkEntry);
    }

    [Fact]
    public void Network_DatacenterAndPrivateLanPicked_OffersOnlyTheRegionsOnesAndMovesOnWithThemInTheDraft()
    {
        // de-fra, not the first configured region: the lists must come from the draft's region.
        Drafts.Stored = ValidDraft(WizardStep.Network);
        Drafts.Stored.Region = "de-fra";
        Drafts.Stored.DatacenterId = null;
        Drafts.Stored.LanId = null;
        var popovers = Render<MudPopoverProvider>();
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Network);

        Assert.Equal(["de-fra"], Network.RegionsAsked);
        var datacenters = OpenSelect(page, popovers, "field-datacenter");
        Assert.Equal(["Frankfurt A (de/fra)", "Frankfurt B (de/fra/2)"], datacenters.Select(i => i.TextContent.Trim()));

        datacenters.Single(i => i.TextContent.Contains("Frankfurt B", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Equal([FakeNetwork.FrankfurtB], Network.LansAsked));
        page.WaitForAssertion(() => Assert.Equal("Frankfurt B (de/fra/2)", page.Input("field-datacenter").GetAttribute("value")));
        var lans = OpenSelect(page, popovers, "field-lan");
        Assert.Equal(["backend (LAN 2)", "analytics (LAN 3)"], lans.Select(i => i.TextContent.Trim()));

        lans.Single(i => i.TextContent.Contains("analytics", StringComparison.Ordinal)).Click();

        page.WaitForAssertion(() => Assert.Equal("analytics (LAN 3)", page.Input("field-lan").GetAttribute("value")));
        page.WaitForAssertion(() => Assert.False(page.NextDisabled()));
        page.Next();
        page.WaitForStep(WizardStep.MaintenanceWindow);
        Assert.Equal(FakeNetwork.FrankfurtB, Drafts.Stored!.DatacenterId);
        Assert.Equal("3", Drafts.Stored.LanId);
        Assert.False(Drafts.Stored.ManualNetworkEntry);
        Assert.Equal("192.168.1.100/24", Drafts.Stored.PrimaryInstanceAddress);
    }

    [Fact]
    public void Network_CloudApiUnreachableThenRecovers_RetryShowsTheListsAndKeepsWhatWasTyped()
    {
        Network.Unreachable = true;
        Drafts.Stored = ValidDraft(WizardStep.Network);
        Drafts.Stored.DatacenterId = null;
        Drafts.Stored.LanId = null;
        var popovers = Render<MudPopoverProvider>();
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Network);
        Assert.Contains("Cloud API timed out", page.Find("[data-testid='options-error']").TextContent, StringComparison.Ordinal);

        // While IONOS is away: a new address, and the datacenter and LAN typed by hand; then back to the pickers.
        page.Input("field-address").Input("192.168.7.20/24");
        page.Find("[data-testid='manual-network'] input").Change(true);
        page.WaitForAssertion(() => page.Find("[data-testid='field-datacenter-manual'] input").Input(DatacenterId));
        page.Find("[data-testid='field-lan-manual'] input").Input("1");
        page.Find("[data-testid='manual-network'] input").Change(false);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='options-error']")));

        Network.Unreachable = false;
        page.Find("[data-testid='retry']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='options-error']")));
        Assert.All(Network.RegionsAsked, region => Assert.Equal("de-txl", region));
        Assert.Equal("192.168.7.20/24", page.Input("field-address").GetAttribute("value"));
        Assert.Equal("Production (de/txl)", page.Input("field-datacenter").GetAttribute("value"));
        Assert.Equal("backend (LAN 1)", page.Input("field-lan").GetAttribute("value"));
        Assert.Equal(["Production (de/txl)"], OpenSelect(page, popovers, "field-datacenter").Select(i => i.TextContent.Trim()));
        page.Next();
        page.WaitForStep(WizardStep.MaintenanceWindow);
        Assert.Equal((DatacenterId, "1", "192.168.7.20/24"), (Drafts.Stored!.DatacenterId, Drafts.Stored.LanId, Drafts.Stored.PrimaryInstanceAddress));
        Assert.False(Drafts.Stored.ManualNetworkEntry);
        Assert.Equal("orders-db", Drafts.Stored.Name);
    }

    [Fact]
    public void Network_PrimaryAddress_HasTheDhcpHintNextToIt()
    {
        Drafts.Stored = ValidDraft(WizardStep.Network);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Network);

        page.Input("field-address").Input("192.168.1.50/24");

        page.WaitForAssertion(() => Assert.Equal("192.168.1.50/24", page.Input("field-address").GetAttribute("value")));
        var hint = page.Find("[data-testid='field-address'] .mud-input-helper-text").TextContent;
        Assert.Contains("Choose an address your LAN's DHCP does not hand out", hint, StringComparison.Ordinal);
        Assert.Contains("private IPv4 address with its prefix", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Network_AddressInsideTheIonosReservedRange_IsRefusedWithTheReason()
    {
        Drafts.Stored = ValidDraft(WizardStep.Network);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Network);
        Assert.Contains("10.208.0.0/12 is reserved by IONOS", page.Find("[data-testid='field-address']").TextContent, StringComparison.Ordinal);

        page.Input("field-address").Input("10.208.1.5/24");

        page.WaitForAssertion(() => Assert.True(page.NextDisabled()));
        Assert.Contains("10.208.0.0/12", page.Find("[data-testid='field-address'] .mud-input-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void MaintenanceWindow_ShowsTheFourHourWindowInUtcAndInTheBrowsersZone()
    {
        JSInterop.SetupModule("./Components/Pages/NewCluster.razor.js").Setup<string?>("timeZone").SetResult("Europe/Berlin");
        Drafts.Stored = ValidDraft(WizardStep.MaintenanceWindow);

        var page = Render<NewCluster>();

        page.WaitForStep(WizardStep.MaintenanceWindow);
        page.WaitForAssertion(() => Assert.Contains("Europe/Berlin", page.Find("[data-testid='maintenance-window']").TextContent, StringComparison.Ordinal));
        Assert.Equal("Tuesday 10:00–14:00 UTC", page.Find("[data-testid='window-utc']").TextContent);
        Assert.Equal("Tuesday 11:00–15:00", page.Find("[data-testid='window-local']").TextContent);

        page.Input("field-maintenance-time").Input("25:00");

        page.WaitForAssertion(() => Assert.True(page.NextDisabled()));
        Assert.Contains("HH:MM:SS", page.Find("[data-testid='field-maintenance-time']").TextContent, StringComparison.Ordinal);
    }

    /// <summary>Opens a select the way a click does and returns its options, rendered in the popover provider.</summary>
    private static IReadOnlyList<IElement> OpenSelect(IRenderedComponent<NewCluster> page, IRenderedComponent<MudPopoverProvider> popovers, string field)
    {
        page.Find($"[data-testid='{field}'] .mud-input-control").MouseDown();
        IReadOnlyList<IElement> items = [];
        popovers.WaitForAssertion(() => Assert.NotEmpty(items = popovers.FindAll(".mud-popover-open .mud-list-item")));
        return items;
    }
}
