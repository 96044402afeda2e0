using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;
using Portal.Application.Identity;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>How people sign in: Entra ID when <c>AzureAd:ClientId</c> is set, otherwise demo sign-in in Development/demo mode only.</summary>
public static class AuthenticationRegistration
{
    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var mode = SignInModeFor(configuration, environment);
        services.AddSingleton(new SignInMode(mode));
        services.AddOptions<DemoSignInOptions>().BindConfiguration(DemoSignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        if (mode == SignInKind.EntraId)
        {
            services.AddOptions<EntraSignInOptions>().BindConfiguration(EntraSignInOptions.Section)
                .Validate(o => string.IsNullOrWhiteSpace(o.OpenIdConnectAuthority) || IsAcceptableAuthority(o.OpenIdConnectAuthority),
                    "SignIn:OpenIdConnectAuthority must be an absolute https URL (plain http only for a loopback address).")
                .ValidateOnStart();
            // Registered before Microsoft.Identity.Web so that it runs after its Configure step and before the
            // OpenID Connect handler builds its metadata manager from the authority.
            services.AddSingleton<IPostConfigureOptions<OpenIdConnectOptions>, PortalOpenIdConnectPostConfigure>();
            services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApp(options =>
                {
                    configuration.Bind("AzureAd", options);
                    options.TokenValidationParameters.RoleClaimType = PortalClaims.Role;
                    options.TokenValidationParameters.NameClaimType = "name";
                });
            services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.AccessDeniedPath = "/account/access-denied";
                options.Cookie.Name = "pgportal.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        }
        else
        {
            services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(options =>
                {
                    options.LoginPath = "/account/sign-in";
                    options.LogoutPath = "/account/sign-out";
                    options.AccessDeniedPath = "/account/access-denied";
                    options.Cookie.Name = "pgportal.auth";
                    options.Cookie.HttpOnly = true;
                    options.Cookie.SameSite = SameSiteMode.Lax;
                    options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    options.SlidingExpiration = true;
                    options.ExpireTimeSpan = TimeSpan.FromHours(8);
                });
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(PortalPolicies.Requester, p => p.RequireAuthenticatedUser())
            .AddPolicy(PortalPolicies.Approver, p => p.RequireClaim(PortalClaims.Role, PortalRoles.Dba, PortalRoles.Admin))
            .AddPolicy(PortalPolicies.Admin, p => p.RequireClaim(PortalClaims.Role, PortalRoles.Admin))
            .AddPolicy(PortalPolicies.AuditReader, p => p.RequireClaim(PortalClaims.Role, PortalRoles.Auditor, PortalRoles.Admin, PortalRoles.Dba));

        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        return services;
    }

    /// <summary>Decides the sign-in mode; refuses to start with no sign-in at all outside Development/demo mode.</summary>
    public static SignInKind SignInModeFor(IConfiguration configuration, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]))
        {
            return SignInKind.EntraId;
        }

        if (environment.IsDevelopment() || configuration.GetValue<bool>("Portal:DemoMode"))
        {
            return SignInKind.Demo;
        }

        throw new InvalidOperationException(
            "No sign-in is configured. Set AzureAd:TenantId, AzureAd:ClientId and AzureAd:ClientSecret (Entra ID), " +
            "or, for a demo installation only, set Portal:DemoMode=true. Demo sign-in is never enabled outside Development without it.");
    }

    internal static bool IsAcceptableAuthority(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    /// <summary>Builds the principal for a demo user: the same claim types Entra ID would give.</summary>
    public static ClaimsPrincipal CreateDemoPrincipal(DemoUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new("name", user.DisplayName),
            new(ClaimTypes.Name, user.DisplayName),
        };
        if (!string.IsNullOrEmpty(user.Email))
        {
            claims.Add(new Claim(ClaimTypes.Email, user.Email));
        }

        claims.AddRange(user.Roles.Select(r => new Claim(PortalClaims.Role, r)));
        claims.AddRange(user.Teams.Select(t => new Claim(PortalClaims.Team, t)));
        var identity = new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, "name", PortalClaims.Role);
        return new ClaimsPrincipal(identity);
    }
}

public enum SignInKind
{
    Demo,
    EntraId,
}

/// <summary>The sign-in mode chosen at start, for pages that show it.</summary>
public sealed record SignInMode(SignInKind Kind)
{
    public bool IsDemo => Kind == SignInKind.Demo;
}

/// <summary>
/// The portal's part of the OpenID Connect setup: claim names kept as issued (<c>roles</c>, <c>groups</c>, <c>oid</c>),
/// team claims added from groups and configuration after the token is validated, and, for the test/advanced
/// <c>SignIn:OpenIdConnectAuthority</c>, a plain OpenID Connect authority with standard issuer validation.
/// </summary>
internal sealed class PortalOpenIdConnectPostConfigure(IOptions<EntraSignInOptions> signIn) : IPostConfigureOptions<OpenIdConnectOptions>
{
    public void PostConfigure(string? name, OpenIdConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != OpenIdConnectDefaults.AuthenticationScheme)
        {
            return;
        }

        options.MapInboundClaims = false;
        options.TokenValidationParameters.RoleClaimType = PortalClaims.Role;
        options.TokenValidationParameters.NameClaimType = "name";

        var previous = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            await previous(context);
            if (context.Principal?.Identity is System.Security.Claims.ClaimsIdentity identity)
            {
                // Policies read "roles"; a handler that maps inbound claims turns it into ClaimTypes.Role.
                foreach (var role in identity.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToList())
                {
                    if (!identity.HasClaim(PortalClaims.Role, role))
                    {
                        identity.AddClaim(new System.Security.Claims.Claim(PortalClaims.Role, role));
                    }
                }

                foreach (var team in signIn.Value.TeamsFor(context.Principal))
                {
                    identity.AddClaim(new System.Security.Claims.Claim(PortalClaims.Team, team));
                }
            }
        };

        if (string.IsNullOrWhiteSpace(signIn.Value.OpenIdConnectAuthority))
        {
            return;
        }

        var authority = new Uri(signIn.Value.OpenIdConnectAuthority);
        options.Authority = authority.ToString();
        options.MetadataAddress = null;
        options.ConfigurationManager = null;
        options.RequireHttpsMetadata = authority.Scheme == Uri.UriSchemeHttps;
        options.ResponseType = Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        // Entra's multi-tenant issuer check does not apply to another authority: its metadata names the issuer.
        options.TokenValidationParameters.IssuerValidator = null;
        options.TokenValidationParameters.ValidIssuer = null;
        if (!options.RequireHttpsMetadata)
        {
            // Loopback over plain HTTP (tests): the correlation and nonce cookies cannot be Secure.
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.ResponseMode = Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectResponseMode.Query;
        }
    }
}
