using Bunit;
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
}
