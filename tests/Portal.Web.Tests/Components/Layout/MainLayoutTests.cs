using System.Security.Claims;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Application.Identity;
using Portal.Web.Components.Layout;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Components.Layout;

/// <summary>The app bar of every page: product name, signed-in user and role, light/dark toggle.</summary>
public sealed partial class MainLayoutTests : BunitContext
{
    private readonly BunitAuthorizationContext _auth;

    public MainLayoutTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<CurrentUserAccessor>();
        _auth = AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Theory]
    [InlineData("Rita Requester", new[] { PortalRoles.Requester }, "Requester")]
    [InlineData("Dana DBA", new[] { PortalRoles.Dba }, "Dba")]
    [InlineData("Adam Admin", new[] { PortalRoles.Requester, PortalRoles.Admin }, "Admin")]
    public void AppBar_SignedInUser_ShowsProductNameUserAndRole(string name, string[] roles, string shownRole)
    {
        SignInAs(name, roles);

        var layout = RenderLayout();

        var appBar = AppBar(layout);
        Assert.Equal("PgPortal", appBar.QuerySelector("h6")?.TextContent.Trim());
        layout.WaitForAssertion(() => Assert.Equal(name, AppBar(layout).QuerySelector("[data-testid='signed-in-user'] p")?.TextContent.Trim()));
        Assert.Equal(shownRole, AppBar(layout).QuerySelector("[data-testid='user-role']")?.TextContent.Trim());
        Assert.Contains("page body", layout.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ThemeToggle_Clicked_SwitchesToDarkPaletteAndBack()
    {
        SignInAs("Rita Requester", [PortalRoles.Requester]);
        var light = PortalTheme.Theme.PaletteLight.Primary.ToString();
        var dark = PortalTheme.Theme.PaletteDark.Primary.ToString();
        Assert.NotEqual(light, dark, StringComparer.OrdinalIgnoreCase);
        var layout = RenderLayout();
        Assert.Equal(light, PrimaryColour(layout), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("Switch to dark theme", Toggle(layout).GetAttribute("title"));

        Toggle(layout).Click();

        layout.WaitForAssertion(() => Assert.Equal(dark, PrimaryColour(layout), StringComparer.OrdinalIgnoreCase));
        Assert.Equal("Switch to light theme", Toggle(layout).GetAttribute("title"));

        Toggle(layout).Click();

        layout.WaitForAssertion(() => Assert.Equal(light, PrimaryColour(layout), StringComparer.OrdinalIgnoreCase));
        Assert.Equal("Switch to dark theme", Toggle(layout).GetAttribute("title"));
    }

    private IRenderedComponent<MainLayout> RenderLayout() =>
        Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));

    private static IElement AppBar(IRenderedComponent<MainLayout> layout) => layout.Find("header.mud-appbar");

    private static IElement Toggle(IRenderedComponent<MainLayout> layout) => AppBar(layout).QuerySelector("[data-testid='theme-toggle']")
        ?? throw new InvalidOperationException("The app bar has no theme toggle.");

    /// <summary>The primary colour the theme provider's stylesheet sets: it differs between the light and dark palettes.</summary>
    private static string PrimaryColour(IRenderedComponent<MainLayout> layout)
    {
        var values = layout.FindAll("style").Select(s => PrimaryVariable().Match(s.TextContent)).Where(m => m.Success).Select(m => m.Groups[1].Value.Trim()).ToList();
        return Assert.Single(values);
    }

    private void SignInAs(string name, string[] roles)
    {
        _auth.SetAuthorized(name);
        _auth.SetClaims([
            new Claim(ClaimTypes.NameIdentifier, "id-" + name),
            new Claim("name", name),
            .. roles.Select(r => new Claim(PortalClaims.Role, r)),
        ]);
    }

    [GeneratedRegex(@"--mud-palette-primary:\s*([^;]+);")]
    private static partial Regex PrimaryVariable();
}
