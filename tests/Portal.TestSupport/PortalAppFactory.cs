using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.TestSupport;

/// <summary>
/// The real portal (its own Program) on a real database with the embedded emulator, configured only through settings,
/// as an operator would. <see cref="StartOnKestrel"/> gives it a real port for a browser.
/// </summary>
public sealed partial class PortalAppFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public PortalAppFactory(IDictionary<string, string?> settings)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Ionos:Emulator:Embedded"] = "true",
            ["Ionos:Emulator:StateFile"] = "",
            ["Ionos:Emulator:ProvisioningDelay"] = "00:00:01",
            ["Ionos:Emulator:UpdatingDelay"] = "00:00:01",
            ["Ionos:Emulator:DestroyingDelay"] = "00:00:01",
            ["Ionos:Regions:0:Code"] = "de-txl",
            ["Ionos:Regions:1:Code"] = "de-fra",
            ["Database:MigrateOnStartup"] = "true",
            // Retries stay on, with short delays, so an outage test does not wait for seconds.
            ["Ionos:RetryBaseDelay"] = "00:00:00.020",
            ["Ionos:RetryMaxDelay"] = "00:00:00.100",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    /// <summary>A portal on the given PostgreSQL database.</summary>
    public static PortalAppFactory OnPostgres(string connectionString, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Portal"] = connectionString,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new PortalAppFactory(settings);
    }

    /// <summary>Listens on a real loopback port (a browser cannot reach the in-memory TestServer) and returns its address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // UseSetting reaches the configuration Program.cs reads while it registers services (unlike ConfigureAppConfiguration).
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Signs in as a demo user through the real sign-in form (antiforgery included) and returns a client with the cookie.</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string demoUserId)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var form = await DemoSignInFormAsync(client, demoUserId, returnUrl: "/");
        using var response = await client.PostAsync("/account/demo-sign-in", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Demo sign-in as {demoUserId} answered {(int)response.StatusCode}, expected a redirect.");
        }

        return client;
    }

    /// <summary>The sign-in form's fields for one demo user, with the antiforgery token the page rendered.</summary>
    public async Task<FormUrlEncodedContent> DemoSignInFormAsync(HttpClient client, string demoUserId, string returnUrl)
    {
        var page = await client.GetStringAsync("/account/sign-in");
        var token = AntiforgeryField().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException("The sign-in page rendered no antiforgery token.");
        }

        return new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["userId"] = demoUserId,
            ["returnUrl"] = returnUrl,
        });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
