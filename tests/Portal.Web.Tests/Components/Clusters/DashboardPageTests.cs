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

    [Fact]
    public void Dashboard_SortButtons_AskForEachColumnAscendingThenDescending()
    {
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(_store.Queries));
        Assert.Equal("ascending", page.Find("th:nth-child(2)").GetAttribute("aria-sort"));

        page.Find("th:nth-child(1) button").Click();
        page.WaitForAssertion(() => Assert.Equal((ClusterSortField.State, false), (_store.Queries.Last().SortBy, _store.Queries.Last().Descending)));
        page.Find("th:nth-child(1) button").Click();

        page.WaitForAssertion(() => Assert.Equal((ClusterSortField.State, true), (_store.Queries.Last().SortBy, _store.Queries.Last().Descending)));
        Assert.Equal(("descending", "none"), (page.Find("th:nth-child(1)").GetAttribute("aria-sort"), page.Find("th:nth-child(2)").GetAttribute("aria-sort")));
    }

    [Fact]
    public void Dashboard_FilterControls_AreLabelledAndSendTheirValues()
    {
        SignInAs("dana", "Dana DBA", [PortalRoles.Dba], []);
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(_store.Queries));

        foreach (var id in new[] { "dashboard-search", "dashboard-state", "dashboard-team", "dashboard-region", "dashboard-page-size" })
        {
            Assert.NotNull(page.Find($"label[for='{id}']"));
        }

        page.Find("[data-testid='team-filter']").Change(Guid.Empty.ToString());
        page.WaitForAssertion(() => Assert.Equal(Guid.Empty, _store.Queries.Last().TeamId));
        page.Find("[data-testid='region-filter']").Change("de-fra");
        page.WaitForAssertion(() => Assert.Equal("de-fra", _store.Queries.Last().Region));
        page.Find("[data-testid='state-filter']").Change(nameof(ClusterState.Failed));
        page.WaitForAssertion(() => Assert.Equal(ClusterState.Failed, _store.Queries.Last().State));
        page.Find("[data-testid='vanished-filter']").Change(true);
        page.WaitForAssertion(() => Assert.True(_store.Queries.Last().IncludeVanished));

        page.Find("[data-testid='state-filter']").Change("");
        page.WaitForAssertion(() => Assert.Null(_store.Queries.Last().State));
        Assert.Equal((Guid.Empty, "de-fra"), (_store.Queries.Last().TeamId, _store.Queries.Last().Region));
    }

    [Fact]
    public void Dashboard_PageSize_AsksForTheFirstPageOfTheNewSize()
    {
        _store.Total = 120;
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(_store.Queries));
        page.Find("[data-testid='pager'] button[aria-label='Last page']").Click();
        page.WaitForAssertion(() => Assert.Equal(4, _store.Queries.Last().Page));
        Assert.Equal("101-120 of 120", page.Find("[data-testid='page-info']").TextContent);

        page.Find("[data-testid='page-size']").Change("50");

        page.WaitForAssertion(() => Assert.Equal((0, 50), (_store.Queries.Last().Page, _store.Queries.Last().PageSize)));
        Assert.Equal("1-50 of 120", page.Find("[data-testid='page-info']").TextContent);
    }

    [Fact]
    public void Dashboard_SearchEnter_AsksAtOnceWithoutWaitingForTheDebounce()
    {
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.NotEmpty(_store.Queries));

        page.Find("[data-testid='search']").Change("  ledger ");

        page.WaitForAssertion(() => Assert.Equal("ledger", _store.Queries.Last().Search));
        var calls = _store.Queries.Count;
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(calls, _store.Queries.Count);
    }

    [Fact]
    public void Dashboard_SecondTicks_AgeTheLastRefreshWithoutAReload()
    {
        _feed.Publish(new ClusterRefreshReport(Clock.GetUtcNow(), [new RegionRefreshStatus("de-txl", Clock.GetUtcNow(), Clock.GetUtcNow(), null)]));
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='cluster-link']").Count));
        var calls = _store.Queries.Count;

        Clock.Advance(TimeSpan.FromSeconds(3));

        page.WaitForAssertion(() => Assert.Contains("Last refresh: 3 s ago", page.Find("[data-testid='last-refresh']").TextContent, StringComparison.Ordinal));
        Assert.Equal(calls, _store.Queries.Count);
    }

    [Fact]
    public void Dashboard_LoadFails_KeepsTheRowsAndSaysSo()
    {
        var page = Render<Dashboard>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='cluster-link']").Count));

        _store.Failure = new InvalidOperationException("database down");
        page.Find("[data-testid='count-Failed']").Click();

        page.WaitForAssertion(() => Assert.Contains("could not be loaded", page.Find("[data-testid='dashboard-error']").TextContent, StringComparison.Ordinal));
        Assert.Equal(2, page.FindAll("[data-testid='cluster-link']").Count);
        Assert.DoesNotContain("database down", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_NameWithMarkup_IsShownAsTextNotMarkup()
    {
        _store.Rows = [Row("c-9", "<img src=x onerror=alert(1)>", ClusterState.Available, FakeTeams.Payments.Id) with { TeamName = "A&B <team>" }];

        var page = Render<Dashboard>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='cluster-link']")));
        Assert.Equal("<img src=x onerror=alert(1)>", page.Find("[data-testid='cluster-link']").TextContent);
        Assert.Empty(page.FindAll("img"));
        Assert.Contains("A&B <team>", page.Find("td[data-label='Team']").TextContent, StringComparison.Ordinal);
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

        public Exception? Failure { get; set; }

        public Task<ClusterPageData> QueryAsync(ClusterQuery query, ClusterVisibility visibility, CancellationToken cancellationToken)
        {
            Queries.Add(query);
            Visibilities.Add(visibility);
            if (Failure is not null)
            {
                return Task.FromException<ClusterPageData>(Failure);
            }

            var counts = new Dictionary<ClusterState, int> { [ClusterState.Available] = 5, [ClusterState.Failed] = 2 };
            return Task.FromResult(new ClusterPageData([.. Rows], Total ?? Rows.Count, counts));
        }

        public Task<ClusterDetailsData?> GetAsync(string region, string clusterId, ClusterVisibility visibility, CancellationToken cancellationToken) =>
            Task.FromResult<ClusterDetailsData?>(null);

        public Task<IReadOnlyList<TeamFilterOption>> GetAllTeamsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TeamFilterOption>>([new(FakeTeams.Payments.Id, "Payments"), new(FakeTeams.Search.Id, "Search")]);
    }
}
