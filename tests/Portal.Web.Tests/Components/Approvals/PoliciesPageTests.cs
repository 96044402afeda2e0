using Bunit;
using Portal.Application.Policies;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Web.Tests.Components.Approvals;

public sealed class PoliciesPageTests : ApprovalPageContext
{
    public PoliciesPageTests()
    {
        SignInAs("adam", "Adam Admin", "Admin");
    }

    [Fact]
    public void Policies_Admin_SeesTheRuleAndEveryTeamWithItsUsage()
    {
        Policies.SetQuota(Payments.Id, clusters: 5, cores: 40);
        Policies.Usage[Payments.Id] = new QuotaUsage(2, 8, 16, 100);

        var page = Render<Policies>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='auto-approval']")));
        var payments = page.Find("[data-testid='quota-payments']").TextContent;
        Assert.Contains("In use: 2 clusters, 8 cores, 16 GB RAM, 100 GB storage", payments, StringComparison.Ordinal);
        Assert.Contains("Quota set by PgPortal", payments, StringComparison.Ordinal);
        Assert.Equal("5", page.Find("[data-testid='quota-payments'] input[data-testid='quota-max-clusters']").GetAttribute("value"));
        Assert.Contains("No quota set.", page.Find("[data-testid='quota-search']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveRule_OutOfRange_ShowsTheMessageAtTheFieldAndSavesNothing()
    {
        var page = Render<Policies>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='auto-approval']")));

        page.Find("input[data-testid='rule-max-cores']").Change("0");
        page.Find("[data-testid='save-rule']").Click();

        page.WaitForAssertion(() => Assert.Contains("Max cores per instance must be between 1 and", page.Find("[data-testid='auto-approval']").TextContent, StringComparison.Ordinal));
        Assert.Contains("you entered 0.", page.Find("[data-testid='auto-approval']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='rule-saved']"));
        Assert.Null(Policies.Policy);
        Assert.Empty(Policies.Audit);
    }

    [Fact]
    public void SaveRule_Valid_SavesAuditsAndSaysSo()
    {
        var page = Render<Policies>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='auto-approval']")));

        page.Find("input[data-testid='rule-max-cores']").Change("4");
        page.Find("[data-testid='save-rule']").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='rule-saved']")));
        Assert.Equal(4, Policies.Policy!.MaxCores);
        Assert.Equal([PolicyService.AutoApprovalSetAction], Policies.Audit.Select(a => a.Action));
    }

    [Fact]
    public void SaveQuota_Negative_ShowsWhatToFixAtTheFieldAndSavesNothing()
    {
        var page = Render<Policies>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='quota-payments']")));

        page.Find("[data-testid='quota-payments'] input[data-testid='quota-max-clusters']").Change("-1");
        page.Find("[data-testid='quota-payments'] [data-testid='save-quota']").Click();

        page.WaitForAssertion(() => Assert.Contains("Max clusters cannot be negative; you entered -1. Leave it empty for no limit.",
            page.Find("[data-testid='quota-payments']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid='quota-saved']"));
        Assert.Empty(Policies.Quotas);
    }

    [Fact]
    public void SaveQuota_Valid_SavesOnlyThatTeamAndSaysSo()
    {
        var page = Render<Policies>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='quota-search']")));

        page.Find("[data-testid='quota-search'] input[data-testid='quota-max-clusters']").Change("3");
        page.Find("[data-testid='quota-search'] [data-testid='save-quota']").Click();

        page.WaitForAssertion(() => Assert.Equal("Quota of Search saved.", page.Find("[data-testid='quota-search'] [data-testid='quota-saved']").TextContent.Trim()));
        Assert.Equal(3, Assert.Single(Policies.Quotas).Value.MaxClusters);
        Assert.Equal(Search.Id, Policies.Quotas.Keys.Single());
    }
}
