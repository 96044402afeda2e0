using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>Sign-in and sign-out endpoints (form posts with antiforgery).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account");

        account.MapPost("/demo-sign-in", async (HttpContext http, SignInMode mode, IOptions<DemoSignInOptions> options, [Microsoft.AspNetCore.Mvc.FromForm] string userId, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (!mode.IsDemo)
            {
                return Results.NotFound();
            }

            var user = options.Value.EffectiveUsers.FirstOrDefault(u => u.Id == userId);
            if (user is null)
            {
                return Results.Redirect("/account/sign-in?error=unknown-user");
            }

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AuthenticationRegistration.CreateDemoPrincipal(user));
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        }).AllowAnonymous();

        account.MapGet("/entra-sign-in", (SignInMode mode, string? returnUrl) => mode.IsDemo
            ? Results.NotFound()
            : Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();

        account.MapPost("/sign-out", async (HttpContext http, SignInMode mode, IAntiforgery antiforgery) =>
        {
            // No form field is bound here, so the framework would not check the token: a cross-site post could sign people out.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest();
            }

            if (mode.IsDemo)
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.LocalRedirect("/account/sign-in");
            }

            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]);
        });

        return endpoints;
    }

    /// <summary>Only local paths are followed after sign-in, so the form cannot be used as an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
