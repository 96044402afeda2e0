using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Identity;
using Portal.Application.Requests.Queries;
using Portal.Web.Components.Approvals;
using Portal.Web.Identity;
using Portal.Web.Tests.Components.Wizard;

namespace Portal.Web.Tests.Components.Approvals;

/// <summary>The app bar's "My requests" link and its news count (plain markup with MudBadge's classes).</summary>
public sealed class RequestNewsBadgeTests : BunitContext
{
    private readonly CountingNews _news = new();

    public RequestNewsBadgeTests()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("Rita Requester");
        auth.SetClaims([
            new Claim(ClaimTypes.NameIdentifier, "rita"),
            new Claim("name", "Rita Requester"),
            new Claim(PortalClaims.Role, PortalRoles.Requester),
            new Claim(PortalClaims.Team, "payments"),
        ]);
        Services.AddSingleton<IRequestNewsStore>(_news);
        Services.AddSingleton<Portal.Application.Requests.Create.IClusterRequestStore>(new FakeRequests());
        Services.AddSingleton<Portal.Application.Requests.Create.ITeamDirectory>(new FakeTeams());
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        Services.AddScoped<MyRequestsQueries>();
        Services.AddScoped<CurrentUserAccessor>();
    }

    [Fact]
    public void Badge_WithNews_ShowsTheCountOnALinkToMyRequests()
    {
        _news.Unseen = 2;

        var badge = Render<RequestNewsBadge>();

        badge.WaitForAssertion(() => Assert.Equal("2", badge.Find(".mud-badge").TextContent.Trim()));
        var link = badge.Find("[data-testid='my-requests-link']");
        Assert.Equal("/requests", link.GetAttribute("href"));
        Assert.Equal("My requests: 2 with news", link.GetAttribute("title"));
        Assert.Equal("My requests, 2 with news", link.GetAttribute("aria-label"));
    }

    [Fact]
    public void Badge_WithoutNews_ShowsNoCount()
    {
        var badge = Render<RequestNewsBadge>();

        badge.WaitForAssertion(() => Assert.Equal("My requests", badge.Find("[data-testid='my-requests-link']").GetAttribute("title")));
        Assert.Empty(badge.FindAll(".mud-badge"));
    }

    [Fact]
    public async Task Badge_ListSeen_DropsTheCount()
    {
        _news.Unseen = 3;
        var badge = Render<RequestNewsBadge>();
        badge.WaitForAssertion(() => Assert.Single(badge.FindAll(".mud-badge")));

        // Opening "My requests" in the same circuit marks the news seen and tells the badge.
        var queries = Services.GetRequiredService<MyRequestsQueries>();
        _news.Unseen = 0;
        await queries.ListAndMarkSeenAsync(new PortalUser("rita", "Rita Requester", new HashSet<string> { PortalRoles.Requester }, ["payments"]), CancellationToken.None);

        badge.WaitForAssertion(() => Assert.Empty(badge.FindAll(".mud-badge")));
    }

    private sealed class CountingNews : IRequestNewsStore
    {
        public int Unseen { get; set; }

        public Task<int> CountUnseenAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(Unseen);

        public Task MarkSeenAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
