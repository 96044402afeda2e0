using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Pages;

namespace Portal.Web.Tests.Components.Wizard;

public sealed class CredentialsAndReviewTests : WizardTestContext
{
    [Fact]
    public void Credentials_WeakPassword_ChecklistShowsWhatIsMissingAndNextIsBlocked()
    {
        Drafts.Stored = ValidDraft(WizardStep.Credentials);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Credentials);

        page.Input("field-password").Input("abc");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid='requirement-unmet']")));
        Assert.NotEmpty(page.FindAll("[data-testid='requirement-met']"));
        Assert.True(page.NextDisabled());
    }

    [Fact]
    public void Credentials_ReservedUsername_IsRefusedWithTheReason()
    {
        Drafts.Stored = ValidDraft(WizardStep.Credentials);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Credentials);

        page.Input("field-username").Input("postgres");

        page.WaitForAssertion(() => Assert.Contains("reserved", page.Find("[data-testid='field-username']").TextContent, StringComparison.OrdinalIgnoreCase));
        Assert.True(page.NextDisabled());
    }

    [Fact]
    public void Credentials_GeneratePassword_FillsBothFieldsMeetsEveryRequirementAndIsNeverSavedInTheDraft()
    {
        Drafts.Stored = ValidDraft(WizardStep.Credentials);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Credentials);

        page.Find("[data-testid='generate-password']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='requirement-unmet']")));
        var password = page.Input("field-password").GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(password));
        Assert.Equal(password, page.Input("field-confirmation").GetAttribute("value"));
        Assert.Equal("password", page.Input("field-password").GetAttribute("type"));
        Assert.NotNull(page.Find("[data-testid='generated-note']"));

        page.Next();

        page.WaitForStep(WizardStep.Review);
        Assert.NotEmpty(Drafts.Saves);
        Assert.All(Drafts.Saves, saved => Assert.DoesNotContain(password!, saved, StringComparison.Ordinal));
    }

    [Fact]
    public void Review_ShowsTheBodyWithTheMaskedPasswordTheEstimateAndWhatIsFixed_NeverTheRealPassword()
    {
        var (page, password) = OpenReview();

        var payload = page.Find("[data-testid='payload']").TextContent;
        Assert.Contains("\"password\": \"********\"", payload, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"orders-db\"", payload, StringComparison.Ordinal);
        Assert.DoesNotContain(password, page.Markup, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='estimate']"));
        Assert.Contains("Backup location: eu-central-3", page.Find("[data-testid='fixed-after-creation']").TextContent, StringComparison.Ordinal);
        Assert.Contains("orders-db", page.Find("[data-testid='review-summary']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Review_Submit_StoresThePendingRequestAndOpensItsPage()
    {
        var (page, _) = OpenReview();

        page.Find("[data-testid='submit']").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Single(Requests.Saved));
        var request = Requests.Saved[0];
        Assert.Equal(ClusterRequestStatus.PendingApproval, request.Status);
        Assert.Equal(FakeTeams.Payments.Id, request.TeamId);
        Assert.EndsWith($"/requests/{request.Id}", navigation.Uri, StringComparison.Ordinal);
        Assert.Null(Drafts.Stored);
    }

    [Fact]
    public void Review_SubmitRefused_ShowsTheProblemsAndKeepsEverythingIncludingThePassword()
    {
        var (page, password) = OpenReview();
        // The datacenter disappeared between the network step and the submit.
        Network.Datacenters.Clear();

        page.Find("[data-testid='submit']").Click();

        page.WaitForAssertion(() => Assert.Contains("is not one of your datacenters", page.Find("[data-testid='submit-problems']").TextContent, StringComparison.Ordinal));
        Assert.Empty(Requests.Saved);
        Assert.Contains("Go to Network", page.Find("[data-testid='submit-problems']").TextContent, StringComparison.Ordinal);

        page.Find("[data-testid='back']").Click();

        page.WaitForStep(WizardStep.Credentials);
        Assert.Equal(password, page.Input("field-password").GetAttribute("value"));
        Assert.Equal(password, page.Input("field-confirmation").GetAttribute("value"));
    }

    private (IRenderedComponent<NewCluster> Page, string Password) OpenReview()
    {
        Drafts.Stored = ValidDraft(WizardStep.Credentials);
        var page = Render<NewCluster>();
        page.WaitForStep(WizardStep.Credentials);
        page.Find("[data-testid='generate-password']").Click();
        string password = "";
        page.WaitForAssertion(() => password = page.Input("field-password").GetAttribute("value") ?? "");
        Assert.NotEqual("", password);
        page.Next();
        page.WaitForStep(WizardStep.Review);
        return (page, password);
    }
}
