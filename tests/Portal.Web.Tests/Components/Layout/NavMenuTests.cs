using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Identity;
using Portal.Web.Components.Layout;

namespace Portal.Web.Tests.Components.Layout;

public sealed class NavMenuTests : BunitContext
{
    private readonly BunitAuthorizationContext _auth;

    public NavMenuTests()
    {
        _auth = AddAuthorization();
        _auth.SetAuthorized("Rita Requester");
    }

    [Fact]
    public void NavMenu_Requester_SeesNoApprovalsAuditOrPolicies()
    {
        var menu = Render<NavMenu>();

        Assert.Equal(["Dashboard", "New cluster", "My requests", "Offerings"], menu.FindAll("a .mud-nav-link-text").Select(e => e.TextContent));
    }

    [Fact]
    public void NavMenu_DbaAndAdmin_SeeTheLinksTheirPoliciesAllow()
    {
        _auth.SetPolicies(PortalPolicies.Approver, PortalPolicies.AuditReader);

        var menu = Render<NavMenu>();

        Assert.Equal(["/", "/clusters/new", "/requests", "/approvals", "/audit", "/offerings"], menu.FindAll("a").Select(e => e.GetAttribute("href")));
    }

    [Fact]
    public void NavMenu_Navigation_MovesTheActiveLink()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var menu = Render<NavMenu>();
        Assert.Equal("/", menu.Find("a.active").GetAttribute("href"));
        Assert.Equal("page", menu.Find("a.active").GetAttribute("aria-current"));

        navigation.NavigateTo("/clusters/new?step=2");
        menu.WaitForAssertion(() => Assert.Equal("/clusters/new", menu.Find("a.active").GetAttribute("href")));

        navigation.NavigateTo("/requests/42");
        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("a.active")));
        navigation.NavigateTo("/offeringsx");
        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("a.active")));
    }
}
