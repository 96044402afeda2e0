using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Portal.TestSupport;
using Portal.Web.Hosting;
using Portal.Web.Tests.Integration;

namespace Portal.Web.Tests.Security;

/// <summary>The headers on real responses of the portal (PostgreSQL, embedded emulator).</summary>
public sealed partial class SecurityHeadersTests(PortalOnPostgresFixture fixture) : IClassFixture<PortalOnPostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInPage_Anonymous_HasStrictCspWhoseNonceIsTheImportMapsAndTheOtherHeaders()
    {
        using var client = fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/account/sign-in", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Single(response, "Content-Security-Policy");
        var scriptSrc = Directive(csp, "script-src");
        Assert.DoesNotContain("'unsafe-inline'", scriptSrc, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", scriptSrc, StringComparison.Ordinal);
        Assert.Equal("'none'", Directive(csp, "frame-ancestors"));
        Assert.Equal("'none'", Directive(csp, "object-src"));
        var nonce = NonceSource().Match(scriptSrc).Groups[1].Value;
        Assert.NotEmpty(nonce);
        // Every inline script on the page carries the nonce; external scripts are same-origin files.
        var inlineScripts = InlineScript().Matches(html);
        Assert.NotEmpty(inlineScripts);
        Assert.All(inlineScripts, m => Assert.Contains($"nonce=\"{nonce}\"", m.Value, StringComparison.Ordinal));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task Nonce_TwoResponses_Differ()
    {
        using var client = fixture.Portal.CreateClient();

        using var first = await client.GetAsync("/account/sign-in", Ct);
        using var second = await client.GetAsync("/account/sign-in", Ct);

        Assert.NotEqual(Directive(Single(first, "Content-Security-Policy"), "script-src"), Directive(Single(second, "Content-Security-Policy"), "script-src"));
    }

    [Fact]
    public async Task SignedInPagesAreNoStore_StaticScriptKeepsItsCachingAndGetsTheHeaders()
    {
        using var client = await fixture.Portal.CreateSignedInClientAsync("demo-rita");

        using var page = await client.GetAsync("/requests", Ct);
        using var script = await client.GetAsync("/_framework/blazor.web.js", Ct);
        using var health = await client.GetAsync("/health/live", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl!.NoStore);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.False(script.Headers.CacheControl?.NoStore ?? false);
        Assert.Equal("nosniff", Single(script, "X-Content-Type-Options"));
        Assert.Contains("frame-ancestors 'none'", Single(health, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.True(health.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task AnyResponse_HttpOnLoopback_NoHstsAndNoForwardedProxyTrustedByDefault()
    {
        using var client = fixture.Portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request, Ct);

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        var forwarded = fixture.Portal.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.Empty(forwarded.KnownProxies);
        Assert.Empty(forwarded.KnownIPNetworks);
    }

    [Fact]
    public void CircuitAndHub_Production_DetailedErrorsOffAndLimitsFromSettings()
    {
        var production = Options("Production", new() { ["Hosting:Circuits:DisconnectedCircuitMaxRetained"] = "7", ["Hosting:Circuits:MaximumReceiveMessageSize"] = "4096" });
        var development = Options("Development", []);

        Assert.False(production.GetRequiredService<IOptions<CircuitOptions>>().Value.DetailedErrors);
        Assert.Equal(7, production.GetRequiredService<IOptions<CircuitOptions>>().Value.DisconnectedCircuitMaxRetained);
        Assert.Equal(4096, production.GetRequiredService<IOptions<Microsoft.AspNetCore.SignalR.HubOptions>>().Value.MaximumReceiveMessageSize);
        Assert.False(production.GetRequiredService<IOptions<Microsoft.AspNetCore.SignalR.HubOptions>>().Value.EnableDetailedErrors);
        Assert.True(development.GetRequiredService<IOptions<CircuitOptions>>().Value.DetailedErrors);
    }

    [Fact]
    public void KnownProxies_NotAnAddress_FailsNamingTheSetting()
    {
        var services = Options("Production", new() { ["Hosting:KnownProxies:0"] = "proxy.internal" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HostingSecurityOptions>>().Value);
        Assert.Contains("Hosting:KnownProxies", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Options(string environment, Dictionary<string, string?> settings)
    {
        // Outside Development the key ring needs a certificate or the explicit opt-out; these tests are about other settings.
        settings.TryAdd("Hosting:DataProtection:AllowUnprotectedKeys", "true");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPortalHardening(configuration, new FakeEnvironment(environment));
        return services.BuildServiceProvider();
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.TryGetValues(header, out var content) ? content : []);

    private static string Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..];

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceSource();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();

    private sealed class FakeEnvironment(string name) : IWebHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Portal.Web";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();

        public string WebRootPath { get; set; } = "/";

        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
    }
}

/// <summary>Behind a configured TLS-terminating proxy (loopback here): the forwarded scheme is believed and HSTS is sent.</summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private PostgresTestDatabase? _database;
    private PortalAppFactory? _portal;
    private Uri _address = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("web_proxy");
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString, new Dictionary<string, string?> { ["Hosting:KnownProxies:0"] = "127.0.0.1" });
        _address = _portal.StartOnKestrel();
    }

    [Fact]
    public async Task ForwardedProtoHttps_FromConfiguredProxy_HstsIsSent()
    {
        using var client = new HttpClient { BaseAddress = _address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Host = "portal.example.com";

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task PlainHttp_FromConfiguredProxy_NoHsts()
    {
        using var client = new HttpClient { BaseAddress = _address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = "portal.example.com";

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
