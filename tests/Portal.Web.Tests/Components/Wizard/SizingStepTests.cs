using System.Globalization;
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
        Drafts.Stored = ValidDraft(WizardStep.Sizing);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Sizing);

        page.Input("field-cores").Change("4");

        var expected = CostEstimate.For(1, 4, 4, 20, new PricingOptions());
        page.WaitForAssertion(() => Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"{expected.Monthly:#,0.00##} EUR"),
            page.Find("[data-testid='estimate-monthly']").TextContent));
        var estimate = page.Find("[data-testid='estimate']").TextContent;
        Assert.Contains("estimate", estimate, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"cores {expected.CoresPart:#,0.00##} EUR"), estimate, StringComparison.Ordinal);
        Assert.Null(Drafts.Stored!.Preset);
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
}
