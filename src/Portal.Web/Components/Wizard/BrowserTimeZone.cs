using Microsoft.JSInterop;

namespace Portal.Web.Components.Wizard;

/// <summary>The browser's time zone (IANA id from <c>Intl</c>, read by the page's collocated module), so the maintenance window can be shown in local time; UTC when unknown.</summary>
public static class BrowserTimeZone
{
    private const string Module = "./Components/Pages/NewCluster.razor.js";

    public static async Task<TimeZoneInfo> DetectAsync(IJSRuntime js, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        try
        {
            await using var module = await js.InvokeAsync<IJSObjectReference>("import", cancellationToken, Module);
            var id = module is null ? null : await module.InvokeAsync<string?>("timeZone", cancellationToken);
            return !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
