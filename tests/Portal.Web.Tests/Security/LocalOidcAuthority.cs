using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Portal.Web.Tests.Security;

/// <summary>A person known to the local authority: what Entra ID would put into the id_token.</summary>
public sealed record OidcUser(string UserName, string ObjectId, string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> Groups);

/// <summary>
/// A real OpenID Connect authority (OpenIddict) on a loopback port, started by a test: discovery, signing keys, an
/// authorization endpoint with a plain login form, and a token endpoint that redeems the code (with PKCE and the client
/// secret) for a signed id_token carrying <c>roles</c> and <c>groups</c>, as Entra ID does.
/// </summary>
public sealed class LocalOidcAuthority : IAsyncDisposable
{
    public const string ClientId = "pgportal-test";

    private readonly WebApplication _app;
    private readonly Dictionary<string, OidcUser> _users;

    private LocalOidcAuthority(WebApplication app, Dictionary<string, OidcUser> users, string clientSecret)
    {
        _app = app;
        _users = users;
        ClientSecret = clientSecret;
    }

    public Uri Issuer { get; private set; } = default!;

    public string ClientSecret { get; }

    /// <summary>The redirect URIs the authority accepts (each portal's /signin-oidc), registered once the portal listens.</summary>
    public ConcurrentDictionary<string, bool> AllowedRedirectUris { get; } = new(StringComparer.Ordinal);

    public void AllowRedirectUri(Uri redirectUri) => AllowedRedirectUris[redirectUri.ToString()] = true;

    public static async Task<LocalOidcAuthority> StartAsync(IEnumerable<OidcUser> users, string clientSecret)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        LocalOidcAuthority? self = null;
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess);
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            // No database: the one client is checked by the two handlers below.
            options.EnableDegradedMode();
            options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (!string.Equals(context.ClientId, ClientId, StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidClient, "Unknown client_id.");
                }
                else if (context.RedirectUri is null || !self!.AllowedRedirectUris.ContainsKey(context.RedirectUri))
                {
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered for this client.");
                }

                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (!string.Equals(context.ClientId, ClientId, StringComparison.Ordinal) || !string.Equals(context.Request.ClientSecret, self!.ClientSecret, StringComparison.Ordinal))
                {
                    context.Reject(Errors.InvalidClient, "Client authentication failed.");
                }

                return default;
            }));
        });

        var app = builder.Build();
        self = new LocalOidcAuthority(app, users.ToDictionary(u => u.UserName, StringComparer.Ordinal), clientSecret);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (Func<HttpContext, Task<IResult>>)self.AuthorizeAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self.Issuer = new Uri(address.TrimEnd('/') + "/");
        return self;
    }

    /// <summary>The login form until a known user name is posted, then the signed-in principal for OpenIddict to issue a code.</summary>
    private async Task<IResult> AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var userName = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync()).TryGetValue("username", out var posted) ? posted.ToString() : null : null;
        if (userName is null || !_users.TryGetValue(userName, out var user))
        {
            return Results.Content(LoginForm(request), "text/html; charset=utf-8");
        }

        var identity = new ClaimsIdentity("local-oidc", Claims.Name, "roles");
        identity.SetClaim(Claims.Subject, user.ObjectId)
            .SetClaim("oid", user.ObjectId)
            .SetClaim(Claims.Name, user.Name)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaims("roles", [.. user.Roles])
            .SetClaims("groups", [.. user.Groups]);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static string LoginForm(OpenIddictRequest request)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body><form method=\"post\" action=\"/connect/authorize\">");
        foreach (var (name, value) in request.GetParameters())
        {
            if (name == "username")
            {
                continue;
            }

            html.Append(CultureInfoInvariant($"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(name)}\" value=\"{WebUtility.HtmlEncode(value.ToString())}\" />"));
        }

        html.Append("<label>User name <input name=\"username\" /></label><button type=\"submit\">Sign in</button></form></body></html>");
        return html.ToString();
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
