using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Shared;

/// <summary>
/// MudIconButton's markup for plain buttons and links (the app bar, the request badge, the dashboard's pager): the same
/// look without a component that every open page's circuit would keep for its whole life.
/// </summary>
public static class IconButtonMarkup
{
    /// <summary>MudIconButton's classes with <c>Color.Inherit</c> (the app bar's buttons).</summary>
    public const string InheritClass = "mud-button-root mud-icon-button mud-inherit-text hover:mud-inherit-hover mud-ripple mud-ripple-icon";

    /// <summary>MudIconButton's label: the icon's SVG path (<c>Icons.Material.*</c>) in a medium SVG icon.</summary>
    public static RenderFragment Label(MarkupString icon) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", "mud-icon-button-label");
        builder.OpenElement(2, "svg");
        builder.AddAttribute(3, "class", "mud-icon-root mud-svg-icon mud-icon-size-medium");
        builder.AddAttribute(4, "focusable", "false");
        builder.AddAttribute(5, "viewBox", "0 0 24 24");
        builder.AddAttribute(6, "aria-hidden", "true");
        builder.AddContent(7, icon);
        builder.CloseElement();
        builder.CloseElement();
    };
}
