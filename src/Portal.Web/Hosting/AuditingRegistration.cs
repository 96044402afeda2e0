using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Web.Identity;

namespace Portal.Web.Hosting;

/// <summary>
/// The audit log in the host: its read side and store, and the entries the host itself writes: <c>auth.signed-in</c>
/// when the auth cookie is issued (demo and Entra ID both sign in to the cookie scheme), and <c>auth.access-denied</c>
/// when authorization forbids a signed-in user (recorded once, in the authorization middleware, not again where the
/// cookie redirects to the access-denied page).
/// </summary>
public static class AuditingRegistration
{
    public const string SignedInAction = "auth.signed-in";
    public const string AccessDeniedAction = AccessDenials.Action;

    public static IServiceCollection AddPortalAuditing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(AuditingMarker)))
        {
            return services; // Registered already: a second cookie hook would write every sign-in twice.
        }

        services.AddSingleton<AuditingMarker>();
        services.AddPortalAuditLog();
        services.AddPortalAuditStore();
        services.TryAddSingleton(TimeProvider.System);

        // Replaces the default handler (AddAuthorization only TryAdds it) and delegates to it.
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, AuditSignInCookieEvents>();
        return services;
    }

    internal static string CorrelationId(HttpContext http) => Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;

    /// <summary>The user as an audit actor, or null for someone without a stable id (nothing is recorded for them).</summary>
    internal static Actor? ActorOf(ClaimsPrincipal principal)
    {
        var user = principal.ToPortalUser();
        return string.IsNullOrWhiteSpace(user.Id) ? null : new Actor(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Id : user.DisplayName);
    }

    private sealed class AuditingMarker;
}

/// <summary>
/// Appends <c>auth.signed-in</c> when the cookie is issued. Entra ID (Microsoft.Identity.Web) signs in to the same cookie
/// scheme after it validates the token, so this one hook covers both sign-in modes. The entry holds the roles and
/// teams granted, never a token or claim value beyond those.
/// </summary>
internal sealed class AuditSignInCookieEvents(IAuditLog auditLog, TimeProvider time, SignInMode mode) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name != CookieAuthenticationDefaults.AuthenticationScheme)
        {
            return;
        }

        var previous = options.Events.OnSignedIn;
        options.Events.OnSignedIn = async context =>
        {
            await previous(context);
            if (AuditingRegistration.ActorOf(context.Principal!) is not { } actor)
            {
                return;
            }

            var user = context.Principal!.ToPortalUser();
            var details = JsonSerializer.Serialize(new
            {
                method = mode.IsDemo ? "demo" : "entra-id",
                roles = user.Roles.Order(StringComparer.Ordinal).ToArray(),
                teams = user.Teams,
            });
            // Not caught: a sign-in that cannot be recorded fails (the error page replaces the response and its cookie).
            await auditLog.AppendAsync(
                new AuditEvent(time.GetUtcNow(), actor, AuditingRegistration.SignedInAction, "User", actor.Id, null, null,
                    AuditingRegistration.CorrelationId(context.HttpContext), details),
                context.HttpContext.RequestAborted);
        };
    }
}

/// <summary>
/// Records <c>auth.access-denied</c> for a signed-in user the authorization middleware forbids (a page or endpoint their
/// role does not allow), then lets the default handler answer (redirect to the access-denied page, or 403). Anonymous
/// challenges are not recorded. The path is recorded without its query string.
/// </summary>
internal sealed partial class AuditingAuthorizationResultHandler(
    IAuditLog auditLog,
    TimeProvider time,
    ILogger<AuditingAuthorizationResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private const int TargetIdMaxLength = 128;

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true && AuditingRegistration.ActorOf(context.User) is { } actor)
        {
            await RecordAsync(context, actor, authorizeResult);
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private async Task RecordAsync(HttpContext context, Actor actor, PolicyAuthorizationResult result)
    {
        var path = context.Request.Path.HasValue ? context.Request.Path.Value! : "/";
        var details = JsonSerializer.Serialize(new
        {
            method = context.Request.Method,
            path,
            failed = result.AuthorizationFailure?.FailedRequirements.Select(r => r.ToString()).ToArray() ?? [],
        });
        try
        {
            await auditLog.AppendAsync(
                new AuditEvent(time.GetUtcNow(), actor, AuditingRegistration.AccessDeniedAction, "Path",
                    path.Length <= TargetIdMaxLength ? path : path[..TargetIdMaxLength], null, null,
                    AuditingRegistration.CorrelationId(context), details),
                context.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The answer is "no" either way; a failed record must not turn a denial into an error page.
            LogNotRecorded(logger, path, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Access denied to {Path} could not be written to the audit log")]
    private static partial void LogNotRecorded(ILogger logger, string path, Exception exception);
}
