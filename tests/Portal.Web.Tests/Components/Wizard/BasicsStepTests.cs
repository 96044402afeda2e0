using Bunit;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Pages;
using Portal.Web.Components.Wizard;

namespace Portal.Web.Tests.Components.Wizard;

public sealed class BasicsStepTests : WizardTestContext
{
    [Fact]
    public void Basics_ValidName_NextOpensBackupLocationAndSavesTheDraft()
    {
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Basics);

        page.Input("field-name").Input("orders-db");
        page.Next();

        page.WaitForStep(WizardStep.BackupLocation);
        Assert.Equal("orders-db", Drafts.Stored!.Name);
        Assert.Equal("payments", Drafts.Stored.TeamSlug);
        Assert.Equal((int)WizardStep.BackupLocation, Drafts.Stored.CurrentStep);
    }

    [Fact]
    public void Basics_InvalidName_ShowsWhatToFixUnderTheFieldAndBlocksNext()
    {
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Basics);

        page.Input("field-name").Input("-orders!");

        page.WaitForAssertion(() => Assert.Contains("remove", page.Find("[data-testid='field-name']").TextContent, StringComparison.Ordinal));
        Assert.True(page.NextDisabled());
        Assert.NotNull(page.Find("[data-testid='step-blocked']"));

        page.Input("field-name").Input("orders-db");

        page.WaitForAssertion(() => Assert.False(page.NextDisabled()));
    }

    [Fact]
    public void Basics_NameAlreadyTaken_ShowsTheReasonFromTheLiveCheck()
    {
        Names.Taken.Add("orders-db");
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Basics);

        page.Input("field-name").Input("orders");
        page.Input("field-name").Input("orders-d");
        page.Input("field-name").Input("orders-db");
        Assert.Equal(0, Names.Checks);

        Clock.Advance(WizardState.TypingPause);

        page.WaitForAssertion(() => Assert.Contains("A cluster named orders-db already exists in de-txl.", page.Find("[data-testid='field-name']").TextContent, StringComparison.Ordinal));
        Assert.Equal(1, Names.Checks);
        Assert.True(page.NextDisabled());
    }

    [Fact]
    public void Draft_SavedAfterTypingPausesNotOnEveryKeystroke_AndOnEveryStepChange()
    {
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Basics);

        page.Input("field-name").Input("o");
        page.Input("field-name").Input("or");
        page.Input("field-name").Input("orders");
        Assert.Empty(Drafts.Saves);

        Clock.Advance(WizardState.TypingPause);

        page.WaitForAssertion(() => Assert.Single(Drafts.Saves));
        Assert.Equal("orders", Drafts.Stored!.Name);

        page.Next();

        page.WaitForStep(WizardStep.BackupLocation);
        Assert.Equal(2, Drafts.Saves.Count);
    }

    [Fact]
    public void Basics_NextWithNothingEntered_StaysAndSaysWhatIsMissing()
    {
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Basics);

        page.Next();

        page.WaitForAssertion(() => Assert.Contains("Enter a name for the cluster", page.Find("[data-testid='field-name']").TextContent, StringComparison.Ordinal));
        Assert.NotNull(page.Find("[data-testid='step-Basics']"));
        Assert.True(page.NextDisabled());
    }

    [Fact]
    public void Draft_Restored_OpensWhereThePersonLeftAndStartOverDiscardsIt()
    {
        Drafts.Stored = ValidDraft(WizardStep.Sizing);

        var page = Render<NewCluster>();

        page.WaitForStep(WizardStep.Sizing);
        Assert.Contains("Draft restored", page.Find("[data-testid='draft-restored']").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid='start-over']").Click();

        page.WaitForStep(WizardStep.Basics);
        Assert.True(Drafts.Deleted);
        Assert.Empty(page.FindAll("[data-testid='draft-restored']"));
        Assert.Equal("", page.Input("field-name").GetAttribute("value") ?? "");
    }
}
