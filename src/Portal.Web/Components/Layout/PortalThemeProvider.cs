using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>
/// MudThemeProvider whose stylesheet is shared by every circuit: MudThemeProvider writes the theme as a ~35,000-character
/// stylesheet for each circuit and keeps it in that circuit's render tree for as long as the tab is open (about 70 KB per
/// open page). This one still builds it on render (so it always matches the theme and mode MudBlazor is in) but keeps
/// only one instance of each distinct stylesheet. Everything else (dark mode binding, following the system) is MudBlazor's.
/// </summary>
public sealed class PortalThemeProvider : MudThemeProvider
{
    // One entry per distinct stylesheet: the portal has one theme in two modes. The cap only guards against a theme that
    // changes at run time; past it a stylesheet is simply not shared.
    private const int MaxShared = 16;
    private static readonly ConcurrentDictionary<string, MarkupString> Shared = new(StringComparer.Ordinal);
    private static readonly MarkupString Scrollbar = new(BuildMudBlazorScrollbar());

    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        if (!DefaultScrollbar)
        {
            __builder.AddContent(0, Scrollbar);
        }

        // MudThemeProvider's own rule for charts (a literal: one string for all circuits).
        __builder.AddMarkupContent(1, "<style>\n    .mud-chart-serie:hover {\n        filter: url(#lighten);\n    }\n\n    .mud-chart-serie-hovered \n    {\n        filter: url(#lighten);\n    }\n</style>\n\n");
        __builder.AddContent(2, ShareOf(BuildTheme()));
    }

    private static MarkupString ShareOf(string stylesheet) =>
        Shared.TryGetValue(stylesheet, out var shared) ? shared
        : Shared.Count < MaxShared ? Shared.GetOrAdd(stylesheet, new MarkupString(stylesheet))
        : new MarkupString(stylesheet);
}
