using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Application.Audit;
using Portal.Application.Requests.Create;
using Portal.Web.Hosting;
using Portal.Web.Identity;

namespace Portal.Web.Components.Shared;

/// <summary>
/// The "your role does not allow this page" message. When the router renders it for a page the signed-in user may not
/// see (<see cref="PageType"/> set, interactive rendering: a client-side navigation the HTTP pipeline never saw), it
/// appends <c>auth.access-denied</c> once per navigation, with the path and the roles the page requires. The router keeps
/// this component while the user moves between denied pages, so it records each new address once and nothing on a
/// re-render (nor when the same address is opened again straight after, which is the same denial). Requests the server denies are recorded by the authorization middleware instead,
/// so the access-denied page it redirects to (no <see cref="PageType"/>) records nothing either.
/// </summary>
public sealed partial class AccessDenied
{
    private const int TargetIdMaxLength = 128;

    private string? _recordedFor;

    /// <summary>The page the router refused to show; null where this message is shown on its own.</summary>
    [Parameter]
    public Type? PageType { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IAuditLog AuditLog { get; set; } = default!;

    [Inject]
    private IAuthorizationPolicyProvider Policies { get; set; } = default!;

    [Inject]
    private IAuthorizationService Authorization { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private ILogger<AccessDenied> Logger { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (PageType is null || !RendererInfo.IsInteractive || AuthenticationState is null)
        {
            return;
        }

        var uri = Navigation.Uri;
        if (_recordedFor == uri)
        {
            return;
        }

        _recordedFor = uri;
        var user = (await AuthenticationState).User;
        if (user.Identity?.IsAuthenticated == true && AuditingRegistration.ActorOf(user) is { } actor)
        {
            await RecordAsync(actor, user, PageType);
        }
    }

    private async Task RecordAsync(Application.Domain.Actor actor, ClaimsPrincipal user, Type pageType)
    {
        var path = "/" + Navigation.ToBaseRelativePath(Navigation.Uri).Split('?', '#')[0];
        try
        {
            var policy = await AuthorizationPolicy.CombineAsync(Policies, pageType.GetCustomAttributes(inherit: true).OfType<IAuthorizeData>());
            var failed = policy is null
                ? []
                : (await Authorization.AuthorizeAsync(user, resource: null, policy)).Failure?.FailedRequirements.Select(r => r.ToString() ?? "").ToArray() ?? [];
            var details = JsonSerializer.Serialize(new
            {
                method = "navigate",
                path,
                requiredRoles = RequiredRoles(policy),
                failed,
            });
            await AuditLog.AppendAsync(
                new AuditEvent(Time.GetUtcNow(), actor, AuditingRegistration.AccessDeniedAction, "Path",
                    path.Length <= TargetIdMaxLength ? path : path[..TargetIdMaxLength], null, null,
                    Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"), details),
                CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The answer is "no" either way; a failed record must not replace the message with an error.
            LogNotRecorded(Logger, path, ex);
        }
    }

    /// <summary>The roles that would open the page: from role requirements and requirements on the portal's role claim.</summary>
    private static string[] RequiredRoles(AuthorizationPolicy? policy) =>
        policy is null
            ? []
            : [.. policy.Requirements.SelectMany(r => r switch
                {
                    RolesAuthorizationRequirement roles => roles.AllowedRoles,
                    ClaimsAuthorizationRequirement { ClaimType: PortalClaims.Role, AllowedValues: { } values } => values,
                    _ => [],
                })
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)];

    [LoggerMessage(Level = LogLevel.Error, Message = "Access denied to {Path} could not be written to the audit log")]
    private static partial void LogNotRecorded(ILogger logger, string path, Exception exception);
}
