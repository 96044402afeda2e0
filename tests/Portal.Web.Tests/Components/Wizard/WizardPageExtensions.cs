using Bunit;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Pages;

namespace Portal.Web.Tests.Components.Wizard;

internal static class WizardPageExtensions
{
    /// <summary>Waits until the given step is the one shown.</summary>
    public static void WaitForStep(this IRenderedComponent<NewCluster> page, WizardStep step) =>
        page.WaitForAssertion(() => Assert.NotNull(page.Find($"[data-testid='step-{step}']")));

    public static AngleSharp.Dom.IElement Input(this IRenderedComponent<NewCluster> page, string field) =>
        page.Find($"[data-testid='{field}'] input");

    public static void Next(this IRenderedComponent<NewCluster> page) => page.Find("[data-testid='next']").Click();

    public static bool NextDisabled(this IRenderedComponent<NewCluster> page) => page.Find("[data-testid='next']").HasAttribute("disabled");
}
