using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Identity;
using Portal.Infrastructure.Persistence;
using Portal.TestSupport;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Security;

/// <summary>
/// Sign-in through a real OpenID Connect authorization-code flow: the portal's own handler (Microsoft.Identity.Web) is
/// pointed at a local OpenIddict authority, the test follows the redirects and posts the login form, and the portal
/// validates a signed id_token whose <c>roles</c> and <c>groups</c> then decide what the person may open.
/// </summary>
public sealed partial class OidcSignInTests(OidcSignInTests.Host host) : IClassFixture<OidcSignInTests.Host>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_DbaFromToken_ReachesApprovalsAndIsAuditedWithTokenRolesAndMappedTeams()
    {
        using var browser = host.NewBrowser();

        var (finalUri, html) = await host.SignInAsync(browser, "dana@contoso.test", "/approvals");

        var entry = await host.LatestSignInAsync("oid-dana");
        Assert.True(finalUri.AbsolutePath == "/approvals", entry);
        Assert.DoesNotContain("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
        Assert.Contains("\"method\":\"entra-id\"", entry, StringComparison.Ordinal);
        Assert.Contains("\"roles\":[\"Dba\"]", entry, StringComparison.Ordinal);
        Assert.Contains("\"teams\":[\"platform\"]", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_RequesterFromToken_IsDeniedApprovalsAndTheDenialIsAudited()
    {
        using var browser = host.NewBrowser();

        var (finalUri, html) = await host.SignInAsync(browser, "rita@contoso.test", "/approvals");

        Assert.Equal("/account/access-denied", finalUri.AbsolutePath);
        Assert.Contains("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
        var entry = await host.LatestSignInAsync("oid-rita");
        Assert.Contains("\"roles\":[\"Requester\"]", entry, StringComparison.Ordinal);
        // Teams: one from the group claim, one from portal configuration for this user.
        Assert.Contains("\"teams\":[\"analytics\",\"payments\"]", entry, StringComparison.Ordinal);
        Assert.True(await host.CountAsync("oid-rita", AuditingRegistration.AccessDeniedAction) >= 1);
    }

    [Fact]
    public async Task SignIn_AnonymousPage_ChallengesWithTheAuthorityNotDemoSignIn()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.PortalAddress };

        using var response = await client.GetAsync("/approvals", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(host.Authority.Issuer.GetLeftPart(UriPartial.Authority), response.Headers.Location!.GetLeftPart(UriPartial.Authority));
        Assert.Equal("/connect/authorize", response.Headers.Location.AbsolutePath);
        Assert.Contains("response_type=code", response.Headers.Location.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge=", response.Headers.Location.Query, StringComparison.Ordinal);
        using var demo = await client.PostAsync("/account/demo-sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = "demo-adam" }), Ct);
        Assert.NotEqual(HttpStatusCode.OK, demo.StatusCode);
        Assert.Null(demo.Headers.Location?.ToString() is { } location && location.Contains("/approvals", StringComparison.Ordinal) ? location : null);
    }

    [Fact]
    public async Task SignIn_WrongClientSecret_NoSessionIsIssued()
    {
        await using var wrong = await OidcPortal.StartAsync(host.Authority, "not-the-secret");
        using var browser = wrong.NewBrowser();

        await Assert.ThrowsAnyAsync<Exception>(() => OidcPortal.SignInAsync(browser, host.Authority, wrong.Address, "dana@contoso.test", "/approvals"));

        using var after = await browser.GetAsync(new Uri(wrong.Address, "/approvals"), Ct);
        Assert.NotEqual("/approvals", after.RequestMessage!.RequestUri!.AbsolutePath);
    }

    /// <summary>The authority and a portal configured for it (on its own PostgreSQL database).</summary>
    public sealed class Host : IAsyncLifetime
    {
        private OidcPortal? _portal;

        public LocalOidcAuthority Authority { get; private set; } = default!;

        public Uri PortalAddress => _portal!.Address;

        public async ValueTask InitializeAsync()
        {
            Authority = await LocalOidcAuthority.StartAsync(
            [
                new OidcUser("dana@contoso.test", "oid-dana", "Dana DBA", [PortalRoles.Dba], ["grp-platform"]),
                new OidcUser("rita@contoso.test", "oid-rita", "Rita Requester", [PortalRoles.Requester], ["grp-payments", "grp-unmapped"]),
            ], clientSecret: "oidc-client-secret-" + Guid.NewGuid().ToString("N"));
            _portal = await OidcPortal.StartAsync(Authority, Authority.ClientSecret);
        }

        public HttpClient NewBrowser() => _portal!.NewBrowser();

        public Task<(Uri FinalUri, string Html)> SignInAsync(HttpClient browser, string userName, string path) =>
            OidcPortal.SignInAsync(browser, Authority, _portal!.Address, userName, path);

        public async Task<string> LatestSignInAsync(string actorId)
        {
            await using var context = await _portal!.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
            return await context.AuditEntries.AsNoTracking()
                .Where(a => a.Action == AuditingRegistration.SignedInAction && a.ActorId == actorId)
                .OrderByDescending(a => a.Id).Select(a => a.Details!).FirstAsync(Ct);
        }

        public async Task<int> CountAsync(string actorId, string action)
        {
            await using var context = await _portal!.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
            return await context.AuditEntries.CountAsync(a => a.Action == action && a.ActorId == actorId, Ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (_portal is not null)
            {
                await _portal.DisposeAsync();
            }

            await Authority.DisposeAsync();
        }
    }
}

/// <summary>A portal on Kestrel and PostgreSQL whose sign-in is the given local authority.</summary>
public sealed partial class OidcPortal : IAsyncDisposable
{
    private readonly PostgresTestDatabase _database;

    private OidcPortal(PostgresTestDatabase database, PortalAppFactory factory, Uri address)
    {
        _database = database;
        Factory = factory;
        Address = address;
    }

    public PortalAppFactory Factory { get; }

    public Uri Address { get; }

    public static async Task<OidcPortal> StartAsync(LocalOidcAuthority authority, string clientSecret)
    {
        var database = await PostgresTestDatabase.CreateAsync("web_oidc");
        var factory = PortalAppFactory.OnPostgres(database.ConnectionString, new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = authority.Issuer.ToString(),
            ["AzureAd:TenantId"] = "local",
            ["AzureAd:ClientId"] = LocalOidcAuthority.ClientId,
            ["AzureAd:ClientSecret"] = clientSecret,
            ["SignIn:OpenIdConnectAuthority"] = authority.Issuer.ToString(),
            ["SignIn:TeamGroups:grp-platform"] = "platform",
            ["SignIn:TeamGroups:grp-payments"] = "payments",
            ["SignIn:UserTeams:rita@contoso.test:0"] = "analytics",
        });
        var address = factory.StartOnKestrel();
        authority.AllowRedirectUri(new Uri(address, "/signin-oidc"));
        return new OidcPortal(database, factory, address);
    }

    /// <summary>A cookie-keeping client that follows redirects across the portal and the authority, as a browser would.</summary>
    public HttpClient NewBrowser() =>
        new(new HttpClientHandler { AllowAutoRedirect = true, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = Address };

    /// <summary>Opens <paramref name="path"/>, lands on the authority's login form, posts it, and follows back to the portal.</summary>
    public static async Task<(Uri FinalUri, string Html)> SignInAsync(HttpClient browser, LocalOidcAuthority authority, Uri portal, string userName, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var login = await browser.GetAsync(new Uri(portal, path), ct);
        Assert.True(login.IsSuccessStatusCode, $"{(int)login.StatusCode} from {login.RequestMessage?.RequestUri}: {await login.Content.ReadAsStringAsync(ct)}");
        Assert.Equal(authority.Issuer.GetLeftPart(UriPartial.Authority), login.RequestMessage!.RequestUri!.GetLeftPart(UriPartial.Authority));
        var form = await login.Content.ReadAsStringAsync(ct);
        var fields = HiddenField().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["username"] = userName;

        using var content = new FormUrlEncodedContent(fields);
        using var back = await browser.PostAsync(new Uri(authority.Issuer, "connect/authorize"), content, ct);
        back.EnsureSuccessStatusCode();
        var finalUri = back.RequestMessage!.RequestUri!;
        Assert.Equal(portal.GetLeftPart(UriPartial.Authority), finalUri.GetLeftPart(UriPartial.Authority));
        return (finalUri, await back.Content.ReadAsStringAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\" />")]
    private static partial Regex HiddenField();
}
