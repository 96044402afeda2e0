using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Web.Hosting;
using Portal.Web.Tests.Integration;

namespace Portal.Web.Tests.Security;

/// <summary>
/// Walks every routable page and every HTTP endpoint that is not a page, for every demo role and for anonymous users,
/// against the table below. A page that is not in the table fails the walk, so a new page cannot ship without someone
/// deciding who may open it; every denial of a signed-in user is in the audit log.
/// </summary>
public sealed class AuthorizationWalkTests(PortalOnPostgresFixture fixture) : IClassFixture<PortalOnPostgresFixture>
{
    private const string Anonymous = "(anonymous)";
    private const string SignedIn = "(fallback: any signed-in user)";

    /// <summary>Who may open what: the route template, the policy the page declares, and the demo users it admits.</summary>
    private static readonly Dictionary<string, (string Policy, string[] Allowed)> Pages = new(StringComparer.Ordinal)
    {
        ["/"] = (PortalPolicies.Requester, ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"]),
        ["/offerings"] = (PortalPolicies.Requester, ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"]),
        ["/clusters/new"] = (PortalPolicies.Requester, ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"]),
        ["/clusters/{Region}/{Id}/restore/{BackupId}"] = (PortalPolicies.Requester, ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"]),
        ["/clusters/{Region}/{Id}"] = (PortalPolicies.Requester, ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"]),
        ["/clusters/{Region}/{Id}/change"] = (PortalPolicies.Requester, ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"]),
        ["/requests"] = (PortalPolicies.Requester, ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"]),
        ["/requests/{Id:guid}"] = (PortalPolicies.Requester, ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"]),
        ["/approvals"] = (PortalPolicies.Approver, ["demo-dana", "demo-adam"]),
        ["/admin/policies"] = (PortalPolicies.Admin, ["demo-adam"]),
        ["/audit"] = (PortalPolicies.AuditReader, ["demo-dana", "demo-adam", "demo-aude"]),
        ["/account/sign-in"] = (Anonymous, []),
        ["/account/access-denied"] = (Anonymous, []),
        ["/not-found"] = (Anonymous, []),
        ["/error"] = (Anonymous, []),
    };

    private static readonly string[] DemoUsers = ["demo-rita", "demo-ravi", "demo-dana", "demo-adam", "demo-aude"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void EveryRoutablePage_IsInTheTableWithThePolicyItDeclares()
    {
        var routable = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, Type: t)))
            .ToList();

        Assert.NotEmpty(routable);
        Assert.All(routable, page =>
        {
            Assert.True(Pages.TryGetValue(page.Template, out var expected), $"{page.Type.Name} ({page.Template}) is not in the authorization table: decide its policy.");
            Assert.Equal(expected.Policy, DeclaredPolicy(page.Type));
            Assert.True(DeclaredPolicy(page.Type) != SignedIn, $"{page.Type.Name} ({page.Template}) has no explicit policy: declare [Authorize(Policy = ...)] or [AllowAnonymous].");
        });
        Assert.Equal(Pages.Keys.Order(StringComparer.Ordinal), routable.Select(p => p.Template).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryPage_Anonymous_IsSentToSignInUnlessItAllowsAnonymous()
    {
        using var client = fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var (template, (policy, _)) in Pages)
        {
            using var response = await client.GetAsync(Concrete(template), Ct);
            if (policy == Anonymous)
            {
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{template}: {(int)response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{template} answered {(int)response.StatusCode} to an anonymous user.");
                Assert.Equal("/account/sign-in", PathOf(response));
            }
        }
    }

    [Fact]
    public async Task EveryPage_EveryRole_AdmittedOrDeniedAsTheTableSaysAndEachDenialIsAudited()
    {
        foreach (var user in DemoUsers)
        {
            using var client = await fixture.Portal.CreateSignedInClientAsync(user);
            var deniedBefore = await CountDenialsAsync(user);
            var denials = 0;
            foreach (var (template, (policy, allowed)) in Pages.Where(p => p.Value.Policy != Anonymous))
            {
                using var response = await client.GetAsync(Concrete(template), Ct);
                if (allowed.Contains(user))
                {
                    Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{user} on {template} ({policy}): {(int)response.StatusCode} {response.Headers.Location}");
                }
                else
                {
                    denials++;
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{user} on {template} ({policy}) was not denied: {(int)response.StatusCode}");
                    Assert.Equal("/account/access-denied", PathOf(response));
                }
            }

            Assert.Equal(deniedBefore + denials, await CountDenialsAsync(user));
        }
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("demo-rita", false)]
    [InlineData("demo-dana", true)]
    [InlineData("demo-adam", true)]
    [InlineData("demo-aude", true)]
    public async Task AuditExportEndpoint_ByRole(string? user, bool allowed)
    {
        using var client = user is null
            ? fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            : await fixture.Portal.CreateSignedInClientAsync(user);

        using var response = await client.GetAsync("/audit/export.csv", Ct);

        Assert.Equal(allowed, response.StatusCode == HttpStatusCode.OK);
        Assert.Equal(allowed, response.Content.Headers.ContentType?.MediaType == "text/csv");
    }

    [Fact]
    public async Task StateChangingEndpoints_WithoutAntiforgeryToken_AreRefused()
    {
        using var signedIn = await fixture.Portal.CreateSignedInClientAsync("demo-adam");
        using var anonymous = fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var signOut = await signedIn.PostAsync("/account/sign-out", new FormUrlEncodedContent([]), Ct);
        using var signIn = await anonymous.PostAsync("/account/demo-sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["userId"] = "demo-adam" }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("pgportal.auth=", StringComparison.Ordinal));
        // Still signed in: the forged sign-out did nothing.
        using var page = await signedIn.GetAsync("/admin/policies", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static string PathOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
    }

    private static string DeclaredPolicy(Type page)
    {
        if (page.GetCustomAttribute<AllowAnonymousAttribute>() is not null)
        {
            return Anonymous;
        }

        var authorize = page.GetCustomAttributes().OfType<IAuthorizeData>().ToList();
        return authorize.Count == 0 ? SignedIn : string.Join(",", authorize.Select(a => a.Policy ?? a.Roles ?? "(authenticated)"));
    }

    /// <summary>A request path for a route template: parameters get values that exist in no database.</summary>
    private static string Concrete(string template) => template
        .Replace("{Region}", "de-txl", StringComparison.Ordinal)
        .Replace("{Id:guid}", "6f1c2b1e-0000-4000-8000-000000000001", StringComparison.Ordinal)
        .Replace("{BackupId}", "6f1c2b1e-0000-4000-8000-000000000003", StringComparison.Ordinal)
        .Replace("{Id}", "6f1c2b1e-0000-4000-8000-000000000002", StringComparison.Ordinal);

    private async Task<int> CountDenialsAsync(string actorId)
    {
        await using var context = await fixture.Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        return await context.AuditEntries.CountAsync(a => a.Action == AuditingRegistration.AccessDeniedAction && a.ActorId == actorId, Ct);
    }
}
