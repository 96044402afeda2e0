using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ionos.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Integration;

/// <summary>The portal started for real (WebApplicationFactory) on PostgreSQL with the embedded emulator.</summary>
public sealed partial class PortalHostTests(PortalOnPostgresFixture fixture) : IClassFixture<PortalOnPostgresFixture>
{
    [Fact]
    public async Task HealthLive_Anonymous_ReturnsHealthy()
    {
        using var client = fixture.Portal.CreateClient();

        using var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthReady_DatabaseAndEmulatorUp_ReportsEveryCheckHealthy()
    {
        using var client = fixture.Portal.CreateClient();

        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["ionos-de-txl"]);
        Assert.Equal("Healthy", checks["ionos-de-fra"]);
    }

    [Fact]
    public async Task OfferingsPage_Anonymous_RedirectsToSignIn()
    {
        using var client = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/offerings", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfferingsPage_SignedInRequester_ShowsVersionsAndLocationsOfEveryRegion()
    {
        using var client = await fixture.Portal.CreateSignedInClientAsync("demo-rita");

        var html = await client.GetStringAsync("/offerings", TestContext.Current.CancellationToken);

        // Prerendered on the server: the versions come from the emulator through the typed client.
        Assert.Contains("data-testid=\"region-de-txl\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"region-de-fra\"", html, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL 17", html, StringComparison.Ordinal);
        Assert.Contains("RECOMMENDED", html, StringComparison.Ordinal);
        Assert.Contains("eu-central-3", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"region-error\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalsPage_Requester_IsSentToAccessDenied()
    {
        using var client = await fixture.Portal.CreateSignedInClientAsync("demo-rita");

        using var response = await client.GetAsync("/approvals", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var html = await client.GetStringAsync(response.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Contains("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalsPage_Dba_IsShown()
    {
        using var client = await fixture.Portal.CreateSignedInClientAsync("demo-dana");

        var html = await client.GetStringAsync("/approvals", TestContext.Current.CancellationToken);

        Assert.Contains("<h4", html, StringComparison.Ordinal);
        Assert.Contains("Approvals", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_Anonymous_ListsEveryDemoUserWithRolesAndTeams()
    {
        using var client = fixture.Portal.CreateClient();

        var html = await client.GetStringAsync("/account/sign-in", TestContext.Current.CancellationToken);

        using var page = new HtmlParser().ParseDocument(html);
        Assert.NotNull(page.QuerySelector("[data-testid='demo-banner']"));
        var listed = page.QuerySelectorAll("form[action='/account/demo-sign-in']").Select(form => (
            Id: form.QuerySelector("input[name='userId']")?.GetAttribute("value"),
            Name: Text(form.QuerySelector(".mud-typography-subtitle1")),
            RolesAndTeams: Text(form.QuerySelector(".mud-typography-body2")),
            Button: form.QuerySelector("button[type='submit']")?.GetAttribute("aria-label")));
        Assert.Equal(
            [
                ("demo-rita", "Rita Requester", "Requester · teams: payments, analytics", "Sign in as Rita Requester"),
                ("demo-ravi", "Ravi Requester", "Requester · teams: search", "Sign in as Ravi Requester"),
                ("demo-dana", "Dana DBA", "Dba · teams: platform", "Sign in as Dana DBA"),
                ("demo-adam", "Adam Admin", "Admin · teams: platform", "Sign in as Adam Admin"),
                ("demo-aude", "Aude Auditor", "Auditor", "Sign in as Aude Auditor"),
            ],
            listed);

        static string? Text(IElement? element) => element is null ? null : Whitespace().Replace(element.TextContent, " ").Trim();
    }

    [Fact]
    public async Task DemoSignIn_ReturnUrlToOtherHost_IsIgnored()
    {
        using var client = fixture.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await fixture.Portal.DemoSignInFormAsync(client, "demo-rita", returnUrl: "//evil.example.com/");

        using var response = await client.PostAsync("/account/demo-sign-in", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task IonosRegionDown_ReadyStaysInServiceAsDegradedAndOfferingsShowTheRegionError()
    {
        var emulator = fixture.Portal.Services.GetRequiredService<EmbeddedEmulatorHost>().Server;
        var outage = new FaultRule { Region = "de-fra", Kind = FaultKind.Status, Status = 503 };
        emulator.Faults.Add(outage);
        try
        {
            using var anonymous = fixture.Portal.CreateClient();
            using var ready = await anonymous.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal("Degraded", body.RootElement.GetProperty("status").GetString());
            var fra = body.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ionos-de-fra");
            Assert.Equal("Degraded", fra.GetProperty("status").GetString());
            Assert.Contains("503", fra.GetProperty("description").GetString(), StringComparison.Ordinal);

            using var client = await fixture.Portal.CreateSignedInClientAsync("demo-rita");
            var html = await client.GetStringAsync("/offerings", TestContext.Current.CancellationToken);
            Assert.Contains("IONOS in de-fra could not be reached", html, StringComparison.Ordinal);
            Assert.Contains("PostgreSQL 17", html, StringComparison.Ordinal);
        }
        finally
        {
            emulator.Faults.Remove(outage.Id);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
