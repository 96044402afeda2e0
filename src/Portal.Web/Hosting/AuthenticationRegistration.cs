using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
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
            services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApp(options =>
                {
                    configuration.Bind("AzureAd", options);
                    options.TokenValidationParameters.RoleClaimType = PortalClaims.Role;
                    options.TokenValidationParameters.NameClaimType = "name";
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
