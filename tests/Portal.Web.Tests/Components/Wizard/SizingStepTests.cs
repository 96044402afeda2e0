using Bunit;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Pages;

namespace Portal.Web.Tests.Components.Wizard;

public sealed class SizingStepTests : WizardTestContext
{
    [Fact]
    public void Sizing_PresetChosen_FillsTheNumbersAndUpdatesTheEstimate()
    {
        Drafts.Stored = ValidDraft(WizardStep.Sizing);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Sizing);
        var before = page.Find("[data-testid='estimate-monthly']").TextContent;

        page.Find("[data-testid='preset-Large']").Click();

        page.WaitForAssertion(() => Assert.Equal("3", page.Input("field-instances").GetAttribute("value")));
        Assert.Equal("8", page.Input("field-cores").GetAttribute("value"));
        Assert.Equal("32", page.Input("field-ram").GetAttribute("value"));
        Assert.Equal("500", page.Input("field-storage").GetAttribute("value"));
        Assert.NotEqual(before, page.Find("[data-testid='estimate-monthly']").TextContent);
        Assert.Contains("Large selected", page.Find("[data-testid='preset-Large']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Large", Drafts.Stored!.Preset);
    }

    [Fact]
    public void Sizing_CoresChanged_EstimateIsRecomputedFromThePriceListWithItsBreakdown()
    {
        UseRoundPrices();
        Drafts.Stored = ValidDraft(WizardStep.Sizing);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Sizing);

        page.Input("field-cores").Change("4");

        // 1 instance of 4 cores, 4 GB RAM, 20 GB storage, per hour: 4 × 0.05 = 0.20; 4 × 0.01 = 0.04; 20 × 0.0002 = 0.004;
        // total 0.244. A month (× 730): 146.00 + 29.20 + 2.92 = 178.12.
        page.WaitForAssertion(() => Assert.Equal("178.12 EUR", page.Find("[data-testid='estimate-monthly']").TextContent));
        Assert.Equal("For 1 instance: cores 146.00 EUR · RAM 29.20 EUR · storage 2.92 EUR", Breakdown(page));
        var estimate = page.Find("[data-testid='estimate']").TextContent;
        Assert.Contains("An estimate from the portal's price list, not an invoice (0.244 EUR per hour).", estimate, StringComparison.Ordinal);
        Assert.Null(Drafts.Stored!.Preset);
    }

    [Fact]
    public void Sizing_LargePresetChosen_EstimateCoversAllThreeInstances()
    {
        UseRoundPrices();
        Drafts.Stored = ValidDraft(WizardStep.Sizing);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Sizing);

        page.Find("[data-testid='preset-Large']").Click();

        // 3 instances of 8 cores, 32 GB RAM, 500 GB storage, per hour: 3 × 8 × 0.05 = 1.20; 3 × 32 × 0.01 = 0.96;
        // 3 × 500 × 0.0002 = 0.30; total 2.46. A month (× 730): 876.00 + 700.80 + 219.00 = 1,795.80.
        page.WaitForAssertion(() => Assert.Equal("1,795.80 EUR", page.Find("[data-testid='estimate-monthly']").TextContent));
        Assert.Equal("For 3 instances: cores 876.00 EUR · RAM 700.80 EUR · storage 219.00 EUR", Breakdown(page));
        Assert.Contains("(2.46 EUR per hour)", page.Find("[data-testid='estimate']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Sizing_FewerThanThreeInstances_StrictlySynchronousIsNotOfferedAndExplained()
    {
        Drafts.Stored = ValidDraft(WizardStep.Sizing);
        Drafts.Stored.Instances = 2;
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Sizing);

        Assert.Empty(page.FindAll("[data-testid='replication-strict']"));
        Assert.Contains("needs 3 or more instances", page.Find("[data-testid='replication-strict-unavailable']").TextContent, StringComparison.Ordinal);

        page.Input("field-instances").Change("3");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='replication-strict']")));
        Assert.Empty(page.FindAll("[data-testid='replication-strict-unavailable']"));
    }

    [Fact]
    public void Sizing_StrictlySynchronousThenTwoInstances_FallsBackToAsynchronousAndSaysSo()
    {
        Drafts.Stored = ValidDraft(WizardStep.Sizing);
        Drafts.Stored.Instances = 3;
        Drafts.Stored.ReplicationMode = ReplicationMode.StrictlySynchronous;
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Sizing);

        page.Input("field-instances").Change("2");

        page.WaitForAssertion(() => Assert.Contains("switched to asynchronous", page.Find("[data-testid='replication-notice']").TextContent, StringComparison.Ordinal));
        Assert.Equal(ReplicationMode.Asynchronous, Drafts.Stored!.ReplicationMode);
        Assert.False(page.NextDisabled());
    }

    [Fact]
    public void Sizing_CoresAboveTheLimit_ShowsTheLimitAndBlocksNext()
    {
        Drafts.Stored = ValidDraft(WizardStep.Sizing);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Sizing);

        page.Input("field-cores").Change("500");

        page.WaitForAssertion(() => Assert.True(page.NextDisabled()));
        Assert.Contains("62", page.Find("[data-testid='field-cores']").TextContent, StringComparison.Ordinal);
        page.Next();
        Assert.NotNull(page.Find("[data-testid='step-Sizing']"));
    }

    /// <summary>A price list with round figures, so the expected amounts can be worked out by hand.</summary>
    private void UseRoundPrices()
    {
        Pricing.Currency = "EUR";
        Pricing.PerCoreHour = 0.05m;
        Pricing.PerGbRamHour = 0.01m;
        Pricing.PerGbStorageHour = 0.0002m;
        Pricing.HoursPerMonth = 730m;
    }

    private static string Breakdown(IRenderedComponent<NewCluster> page) =>
        string.Join(' ', page.Find("[data-testid='estimate-breakdown']").TextContent.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
