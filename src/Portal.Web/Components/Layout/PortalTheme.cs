using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>The portal's theme: system fonts only (no external font or CDN at run time).</summary>
public static class PortalTheme
{
    private static readonly string[] SystemFonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0b5cad",
            Secondary = "#6b4fbb",
            AppbarBackground = "#0b2e59",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#5ea2ef",
            Secondary = "#a995e6",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = SystemFonts },
        },
    };
}
