using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Tests;

/// <summary>How a person moves through the create wizard: one copy for every browser test that uses it.</summary>
internal static class WizardDriver
{
    /// <summary>Clicks Next and waits until the given step is shown.</summary>
    /// <remarks>
    /// Under heavy load a Next click right after a pick has been seen to leave the step unchanged. Two causes: Next decided
    /// on the report from before a change whose check started after its own (fixed in WizardState.NextAsync, which checks
    /// again); and MudSelect hands the picked value to the page only after closing its menu (a JS round trip), so a click
    /// that reaches the server in between is checked against the draft without the pick. The second is outside the wizard;
    /// a person clicks again, and so does this driver, at most twice more.
    /// </remarks>
    public static async Task NextAsync(IPage page, string nextStepTestId)
    {
        var next = page.GetByTestId(nextStepTestId);
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId("next").ClickAsync();
            try
            {
                await next.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Opens a MudSelect by its field and picks the option whose text matches.</summary>
    public static async Task PickAsync(IPage page, string fieldTestId, Regex option)
    {
        var field = page.GetByTestId(fieldTestId);
        await Expect(field.Locator(".mud-select:not(.mud-disabled)").First).ToBeVisibleAsync();
        var item = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = option }).First;
        // Under load a re-render (options arriving from IONOS) can close the popover right after it opened: open it again.
        for (var attempt = 1; ; attempt++)
        {
            await field.Locator(".mud-select .mud-input-control").First.ClickAsync();
            try
            {
                await item.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 10_000 });
                break;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }

        await item.ClickAsync();
        await Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
