using Microsoft.AspNetCore.Components;
using Portal.Application.Offerings;

namespace Portal.Web.Components.Pages;

public sealed partial class Offerings : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly Dictionary<string, RegionOfferings?> _loaded = [];
    private IReadOnlyList<string> _regions = [];

    [Inject]
    private OfferingsService Service { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _regions = Service.Regions;
        await Task.WhenAll(_regions.Select(LoadAsync));
    }

    private async Task LoadAsync(string region)
    {
        _loaded[region] = null;
        var result = await Service.GetRegionAsync(region, _disposed.Token);
        _loaded[region] = result;
        StateHasChanged();
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
