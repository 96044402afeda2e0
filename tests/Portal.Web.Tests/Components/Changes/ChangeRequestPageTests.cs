using Bunit;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Pages;
using Portal.Web.Tests.Components.Wizard;

namespace Portal.Web.Tests.Components.Changes;

/// <summary>The request page of a change: the field-by-field diff against the cluster as it was when requested.</summary>
public sealed class ChangeRequestPageTests : WizardTestContext
{
    [Fact]
    public void RequestPage_UpdateRequest_ShowsEachChangedFieldBeforeAndAfterAndNothingElse()
    {
        var current = CreateClusterService.ToSpec(ValidDraft());
        var request = ClusterRequest.SubmitUpdate(FakeTeams.Payments.Id, "de-txl", new Actor("rita", "Rita Requester"), "c-1", current,
            current with { Cores = current.Cores + 2, RetentionDays = 30 }, Clock.GetUtcNow());
        Requests.Saved.Add(request);

        var page = Render<RequestDetails>(p => p.Add(x => x.Id, request.Id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='request-diff']")));
        var rows = page.FindAll("[data-testid='request-diff'] tbody tr");
        Assert.Equal(2, rows.Count);
        var cores = page.Find("[data-testid='change-Cores']");
        Assert.Equal($"{current.Cores}", cores.QuerySelector("[data-testid='change-before']")!.TextContent.Trim());
        Assert.Equal($"{current.Cores + 2}", cores.QuerySelector("[data-testid='change-after']")!.TextContent.Trim());
        Assert.Contains("30 days", page.Find("[data-testid='change-RetentionDays']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Change cluster orders-db", page.Markup, StringComparison.Ordinal);
    }
}
