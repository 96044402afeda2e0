using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Portal.Application.Audit;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Pages.Admin;
using Portal.Web.Components.Shared;
using Portal.Web.Hosting;
using Portal.Web.Identity;
using AuditPage = Portal.Web.Components.Pages.Audit;

namespace Portal.Web.Tests.Components.Shared;

/// <summary>A signed-in user whom the router refuses a page while navigating in the running app: one audit entry per navigation.</summary>
public sealed class AccessDeniedTests : BunitContext
{
    private readonly CapturingAuditLog _audit = new();

    public AccessDeniedTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        // The portal's own policies (AuthenticationRegistration), so the roles recorded are the ones the pages require.
        Services.AddAuthorizationCore(options =>
        {
            options.AddPolicy(PortalPolicies.Admin, p => p.RequireClaim(PortalClaims.Role, PortalRoles.Admin));
            options.AddPolicy(PortalPolicies.AuditReader, p => p.RequireClaim(PortalClaims.Role, PortalRoles.Auditor, PortalRoles.Admin, PortalRoles.Dba));
        });
        // bUnit puts placeholders in; these are the real ones AddAuthorizationCore would have added.
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private static Task<AuthenticationState> Rita => Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "demo-rita"), new Claim("name", "Rita Requester"), new Claim(PortalClaims.Role, PortalRoles.Requester)],
        "test"))));

    [Fact]
    public void Navigate_ToADeniedPage_RecordsOnceWithActorPathAndRequiredRolesNotOnReRenders()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/audit?actor=dana");

        var denied = Render<AccessDenied>(p => p.Add(x => x.PageType, typeof(AuditPage)).AddCascadingValue(Rita));
        denied.Render(p => p.Add(x => x.PageType, typeof(AuditPage)));
        denied.Render(p => p.Add(x => x.PageType, typeof(AuditPage)));

        var entry = Assert.Single(_audit.Events);
        Assert.Equal(AuditingRegistration.AccessDeniedAction, entry.Action);
        Assert.Equal("demo-rita", entry.Actor.Id);
        Assert.Equal("Path", entry.TargetType);
        Assert.Equal("/audit", entry.TargetId);
        using var details = JsonDocument.Parse(entry.Details);
        Assert.Equal("navigate", details.RootElement.GetProperty("method").GetString());
        Assert.Equal("/audit", details.RootElement.GetProperty("path").GetString());
        Assert.Equal(["Admin", "Auditor", "Dba"], details.RootElement.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotEmpty(details.RootElement.GetProperty("failed").EnumerateArray());
        Assert.NotNull(denied.Find("[data-testid='access-denied']"));
    }

    [Fact]
    public void Navigate_FromOneDeniedPageToAnother_RecordsEach()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/audit");
        var denied = Render<AccessDenied>(p => p.Add(x => x.PageType, typeof(AuditPage)).AddCascadingValue(Rita));

        navigation.NavigateTo("/admin/policies");
        denied.Render(p => p.Add(x => x.PageType, typeof(Policies)));

        Assert.Equal(["/audit", "/admin/policies"], _audit.Events.Select(e => e.TargetId));
        using var details = JsonDocument.Parse(_audit.Events.Last().Details);
        Assert.Equal(["Admin"], details.RootElement.GetProperty("requiredRoles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public void AccessDeniedPage_ShownOnItsOwn_RecordsNothing()
    {
        // The HTTP pipeline recorded the denial before it redirected here.
        Services.GetRequiredService<NavigationManager>().NavigateTo("/account/access-denied");

        var denied = Render<AccessDenied>(p => p.AddCascadingValue(Rita));

        Assert.NotNull(denied.Find("[data-testid='access-denied']"));
        Assert.Empty(_audit.Events);
    }

    [Fact]
    public void Prerender_DeniedPage_RecordsNothing()
    {
        // While prerendering the server has already authorised (or denied and recorded) the request.
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/audit");

        Render<AccessDenied>(p => p.Add(x => x.PageType, typeof(AuditPage)).AddCascadingValue(Rita));

        Assert.Empty(_audit.Events);
    }

    private sealed class CapturingAuditLog : IAuditLog
    {
        private readonly ConcurrentQueue<AuditEvent> _events = new();

        public IReadOnlyCollection<AuditEvent> Events => _events;

        public Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken)
        {
            _events.Enqueue(audit);
            return Task.CompletedTask;
        }
    }
}
