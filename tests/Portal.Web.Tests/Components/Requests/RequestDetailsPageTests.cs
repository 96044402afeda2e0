using Bunit;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Expiry;
using Portal.Web.Components.Pages;
using Portal.Web.Tests.Components.Wizard;

namespace Portal.Web.Tests.Components.Requests;

public sealed class RequestDetailsPageTests : WizardTestContext
{
    private readonly ClusterRequest _request;

    public RequestDetailsPageTests()
    {
        _request = ClusterRequest.SubmitCreate(FakeTeams.Payments.Id, "de-txl", new Actor("rita", "Rita Requester"),
            CreateClusterService.ToSpec(ValidDraft()), Clock.GetUtcNow());
        Requests.Saved.Add(_request);
    }

    [Fact]
    public void RequestPage_TeamMember_SeesStatusSpecTimelineAndTheDbaNote()
    {
        var page = Render<RequestDetails>(p => p.Add(x => x.Id, _request.Id));

        page.WaitForAssertion(() => Assert.Equal("Pending approval", page.Find("[data-testid='request-status']").TextContent.Trim()));
        var spec = page.Find("[data-testid='request-spec']").TextContent;
        Assert.Contains("orders-db", spec, StringComparison.Ordinal);
        Assert.Contains("192.168.1.100/24", spec, StringComparison.Ordinal);
        Assert.Contains("Tuesday 10:00:00 UTC", spec, StringComparison.Ordinal);
        Assert.Contains("A DBA will review this request.", page.Find("[data-testid='pending-note']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Payments", page.Find("[data-testid='request-meta']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Rita Requester", page.Find("[data-testid='request-meta']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Submitted", page.Find("[data-testid='request-timeline']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestPage_AnotherTeam_SeesNotFoundAndNoDetails()
    {
        SignInAs("sam", "Sam Search", [PortalRoles.Requester], ["search"]);

        var page = Render<RequestDetails>(p => p.Add(x => x.Id, _request.Id));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='request-not-found']")));
        Assert.DoesNotContain("orders-db", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='request-spec']"));
    }

    [Fact]
    public void RequestPage_DbaOutsideTheTeam_SeesTheRequest()
    {
        SignInAs("dana", "Dana DBA", [PortalRoles.Dba], []);

        var page = Render<RequestDetails>(p => p.Add(x => x.Id, _request.Id));

        page.WaitForAssertion(() => Assert.Contains("orders-db", page.Find("[data-testid='request-spec']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void RequestPage_UnknownId_SaysSoWithoutFailing()
    {
        var page = Render<RequestDetails>(p => p.Add(x => x.Id, Guid.NewGuid()));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='request-not-found']")));
    }

    [Fact]
    public void RequestPage_Expired_ShowsExpiredWithTheReasonAndNoCancelButton()
    {
        _request.Expire(PendingRequestExpiry.Reason(TimeSpan.FromDays(14)), Clock.GetUtcNow().AddDays(14));

        var page = Render<RequestDetails>(p => p.Add(x => x.Id, _request.Id));

        page.WaitForAssertion(() => Assert.Equal("Expired", page.Find("[data-testid='request-status']").TextContent.Trim()));
        var decision = page.Find("[data-testid='request-decision']").TextContent;
        Assert.Contains("Expired without a decision", decision, StringComparison.Ordinal);
        Assert.Contains("No DBA decided within 14 days", page.Find("[data-testid='request-decision-comment']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Expired", page.Find("[data-testid='request-timeline']").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid='cancel-request']"));
        Assert.Empty(page.FindAll("[data-testid='pending-note']"));
    }
}
