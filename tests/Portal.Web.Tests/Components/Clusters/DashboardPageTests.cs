using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Portal.Application.Requests.Create;
using Portal.Application.Clusters;
using Portal.Application.Domain.Clusters;
using Portal.Application.Identity;
using Portal.Web.Components.Pages;
using Portal.Web.Identity;
using Portal.Web.Tests.Components.Wizard;

namespace Portal.Web.Tests.Components.Clusters;

public sealed class DashboardPageTests : BunitContext
{
    private readonly FakeClusterStore _store = new();
    private readonly ClusterChangeFeed _feed = new();
    private readonly BunitAuthorizationContext _auth;

    public DashboardPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IClusterReadStore>(_store);
        Services.AddSingleton<IClusterChangeFeed>(_feed);
        Services.AddSingleton<ITeamDirectory>(new FakeTeams());
        Services.AddSingleton<Portal.Application.Regions.IRegionCatalog>(new FixedRegions(["de-txl", "de-fra"]));
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddScoped<CurrentUserAccessor>();
        Services.AddScoped<ClusterQueries>();
        _auth = AddAuthorization();
        SignInAs("rita", "Rita Requester", [PortalRoles.Requester], ["payments"]);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private void SignInAs(string id, string name, string[] roles, string[] teams)
    {
        _auth.SetAuthorized(name);
        _auth.SetClaims([
            new Claim(ClaimTypes.NameIdentifier, id),
            new Claim("name", name),
            .. roles.Select(r => new Claim(PortalClaims.Role, r)),
            .. teams.Select(t => new Claim(PortalClaims.Team, t)),
        ]);
    }

    [Fact]
    public void Dashboard_FirstRender_AsksForTheFirstPageByNameAndShowsCountsAndRows()
    {
        var page = Render<Dashboard>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='cluster-link']").Count));
        var query = _store.Queries.Last();
        Assert.Equal((0, ClusterQuery.DefaultPageSize, ClusterSortField.Name, false, (ClusterState?)null), (query.Page, query.PageSize, query.SortBy, query.Descending, query.State));
        Assert.Contains("All: 7", page.Find("[data-testid='count-all']").TextContent, StringComparison.Ordinal);
        Assert.Contains("AVAILABLE: 5", page.Find("[data-testid='count-Available']").TextContent, StringComparison.Ordinal);
        Assert.Contains("FAILED: 2", page.Find("[data-testid='count-Failed']").TextContent, StringComparison.Ordinal);
        Assert.Equal("/clusters/de-txl/c-1", page.FindAll("[data-testid='cluster-link']")[0].GetAttribute("href"));
        Assert.Contains("2 × 4 cores / 16 GB / 100 GB", page.Markup, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-testid='unmanaged']"));
    }

    [Fact]
    public void Dashboard_StateChipAndSearch_AskTheServiceForTheFilteredFirstPage()
    {
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(_store.Queries));

        page.Find("[data-testid='count-Failed']").Click();
        page.WaitForAssertion(() => Assert.Equal(ClusterState.Failed, _store.Queries.Last().State));

        var search = page.Find("[data-testid='search']");
        (search.TagName == "INPUT" ? search : search.QuerySelector("input")!).Input("orders");
        Clock.Advance(TimeSpan.FromMilliseconds(400)); // the search box waits for typing to pause (debounce on the injected clock)
        page.WaitForAssertion(() => Assert.Equal("orders", _store.Queries.Last().Search), TimeSpan.FromSeconds(3));
        Assert.Equal((ClusterState.Failed, 0), (_store.Queries.Last().State, _store.Queries.Last().Page));
    }

    [Fact]
    public void Dashboard_FiltersFromTheAddress_AreSentToTheService()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/?region=de-fra&team={FakeTeams.Payments.Id}&state=Updating");

        var page = Render<Dashboard>();

        page.WaitForAssertion(() => Assert.NotEmpty(_store.Queries));
        var query = _store.Queries.Last();
        Assert.Equal(("de-fra", FakeTeams.Payments.Id, ClusterState.Updating), (query.Region, query.TeamId, query.State));
    }

    [Fact]
    public void Dashboard_NextPage_AsksForPageTwo()
    {
        _store.Total = 60;
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(_store.Queries));

        page.Find("[data-testid='pager'] button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(1, _store.Queries.Last().Page));
    }

    [Fact]
    public void Dashboard_FeedPublishes_ReloadsTheCurrentPageWithoutANavigation()
    {
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='cluster-link']").Count));
        var calls = _store.Queries.Count;

        _store.Rows = [.. _store.Rows, Row("c-3", "search-db", ClusterState.Updating, null)];
        _feed.Publish(new ClusterRefreshReport(Clock.GetUtcNow(), [new RegionRefreshStatus("de-txl", Clock.GetUtcNow(), Clock.GetUtcNow(), null)]));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid='cluster-link']").Count));
        Assert.True(_store.Queries.Count > calls);
        Assert.Contains("Last refresh: 0 s ago", page.Find("[data-testid='last-refresh']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_RegionFailed_ShowsItAsStaleWithItsAge()
    {
        var lastGood = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromSeconds(40));
        _feed.Publish(new ClusterRefreshReport(Clock.GetUtcNow(),
        [
            new RegionRefreshStatus("de-txl", Clock.GetUtcNow(), Clock.GetUtcNow(), null),
            new RegionRefreshStatus("de-fra", lastGood, Clock.GetUtcNow(), "IONOS answered 503 ServiceUnavailable."),
        ]));

        var page = Render<Dashboard>();

        page.WaitForAssertion(() => Assert.Contains("last refreshed 40 s ago", page.Find("[data-testid='stale-de-fra']").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid='stale-de-txl']"));
    }

    [Fact]
    public void Dashboard_Disposed_UnsubscribesFromTheFeed()
    {
        var page = Render<Dashboard>();
        Assert.Equal(1, _feed.ListenerCount);

        page.Instance.Dispose();

        Assert.Equal(0, _feed.ListenerCount);
    }

    [Fact]
    public async Task Dashboard_Member_IsScopedToTheirTeams_DbaSeesEverything()
    {
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(_store.Queries));
        Assert.Equal([FakeTeams.Payments.Id], _store.Visibilities.Last().TeamIds);

        SignInAs("dana", "Dana DBA", [PortalRoles.Dba], []);
        var queries = Services.GetRequiredService<ClusterQueries>();
        var user = new PortalUser("dana", "Dana DBA", new HashSet<string> { PortalRoles.Dba }, []);
        await queries.GetDashboardAsync(user, new ClusterQuery(), Xunit.TestContext.Current.CancellationToken);
        Assert.True(_store.Visibilities.Last().All);
    }

    internal static ClusterRow Row(string id, string name, ClusterState state, Guid? teamId) =>
        new("de-txl", id, name, state, state.ToString().ToUpperInvariant(), "17", 2, 4, 16, 100, teamId, teamId is null ? null : "Payments",
            $"{name}.example.ionos.com", new DateTimeOffset(2026, 11, 25, 11, 0, 0, TimeSpan.Zero), null);

    private sealed class FakeClusterStore : IClusterReadStore
    {
        public List<ClusterQuery> Queries { get; } = [];

        public List<ClusterVisibility> Visibilities { get; } = [];

        public List<ClusterRow> Rows { get; set; } =
        [
            Row("c-1", "orders-db", ClusterState.Available, FakeTeams.Payments.Id),
            Row("c-2", "legacy-db", ClusterState.Failed, null),
        ];

        public int? Total { get; set; }

        public Task<ClusterPageData> QueryAsync(ClusterQuery query, ClusterVisibility visibility, CancellationToken cancellationToken)
        {
            Queries.Add(query);
            Visibilities.Add(visibility);
            var counts = new Dictionary<ClusterState, int> { [ClusterState.Available] = 5, [ClusterState.Failed] = 2 };
            return Task.FromResult(new ClusterPageData([.. Rows], Total ?? Rows.Count, counts));
        }

        public Task<ClusterDetailsData?> GetAsync(string region, string clusterId, ClusterVisibility visibility, CancellationToken cancellationToken) =>
            Task.FromResult<ClusterDetailsData?>(null);

        public Task<IReadOnlyList<TeamFilterOption>> GetAllTeamsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TeamFilterOption>>([new(FakeTeams.Payments.Id, "Payments"), new(FakeTeams.Search.Id, "Search")]);
    }
}
