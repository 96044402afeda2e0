using Bunit;
using MudBlazor;
using MudBlazor.Services;
using Portal.Web.Components.Layout;

namespace Portal.Web.Tests.Components.Layout;

public sealed class PortalThemeProviderTests : BunitContext
{
    public PortalThemeProviderTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public void PortalThemeProvider_RendersWhatMudThemeProviderRenders_InBothModes()
    {
        foreach (var dark in new[] { false, true })
        {
            var ours = Render<PortalThemeProvider>(p => p.Add(t => t.Theme, PortalTheme.Theme).Add(t => t.IsDarkMode, dark));
            var mud = Render<MudThemeProvider>(p => p.Add(t => t.Theme, PortalTheme.Theme).Add(t => t.IsDarkMode, dark));

            ours.MarkupMatches(mud.Markup);
            Assert.Contains(dark ? PortalTheme.Theme.PaletteDark.Primary.ToString() : PortalTheme.Theme.PaletteLight.Primary.ToString(), ours.Markup, StringComparison.OrdinalIgnoreCase);
        }
    }
}
