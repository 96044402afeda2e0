using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Portal.Application.Clusters;
using Portal.Web.Components.Clusters;

namespace Portal.Web.Tests.Components.Clusters;

public sealed class RegionFreshnessBarTests : BunitContext
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public RegionFreshnessBarTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(_clock);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void RegionFreshnessBar_SecondTicks_RerenderTheBarButNotThePageAroundIt()
    {
        IReadOnlyList<RegionFreshness> regions = [Fresh("de-txl", _clock.GetUtcNow())];
        var host = Render<RenderCountingHost>(p => p.Add(h => h.ChildContent, b =>
        {
            b.OpenComponent<RegionFreshnessBar>(0);
            b.AddComponentParameter(1, nameof(RegionFreshnessBar.Regions), regions);
            b.CloseComponent();
        }));
        var bar = host.FindComponent<RegionFreshnessBar>();
        Assert.Equal("Last refresh: 0 s ago", bar.Find("[data-testid='last-refresh']").TextContent);
        var (hostRenders, barRenders) = (host.Instance.Renders, bar.RenderCount);

        _clock.Advance(TimeSpan.FromSeconds(2));

        bar.WaitForAssertion(() => Assert.Equal("Last refresh: 2 s ago", bar.Find("[data-testid='last-refresh']").TextContent));
        Assert.Equal(barRenders + 2, bar.RenderCount);
        Assert.Equal(hostRenders, host.Instance.Renders);
    }

    [Fact]
    public void RegionFreshnessBar_StaleRegion_WarnsWithTheAgeOfItsLastGoodRefresh()
    {
        var lastGood = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromSeconds(40));
        var bar = Render<RegionFreshnessBar>(p => p.Add(b => b.Regions,
            [Fresh("de-txl", _clock.GetUtcNow()), new RegionFreshness("de-fra", lastGood, TimeSpan.FromSeconds(40), true, "IONOS answered 503.", _clock.GetUtcNow())]));

        _clock.Advance(TimeSpan.FromSeconds(1));

        bar.WaitForAssertion(() => Assert.Contains("last refreshed 41 s ago", bar.Find("[data-testid='stale-de-fra']").TextContent, StringComparison.Ordinal));
        Assert.Empty(bar.FindAll("[data-testid='stale-de-txl']"));
    }

    [Fact]
    public void RegionFreshnessBar_Disposed_StopsTicking()
    {
        var bar = Render<RegionFreshnessBar>(p => p.Add(b => b.Regions, [Fresh("de-txl", _clock.GetUtcNow())]));
        var renders = bar.RenderCount;

        bar.Instance.Dispose();
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(renders, bar.RenderCount);
    }

    private RegionFreshness Fresh(string region, DateTimeOffset at) => new(region, at, TimeSpan.Zero, false, null, _clock.GetUtcNow());

    /// <summary>Counts its own renders, so a test can tell a child's re-render from the parent's.</summary>
    private sealed class RenderCountingHost : ComponentBase
    {
        [Parameter]
        public RenderFragment? ChildContent { get; set; }

        public int Renders { get; private set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Renders++;
            builder.AddContent(0, ChildContent);
        }
    }
}
