using Ionos.Emulator;
using Ionos.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Identity.Web;
using Portal.Application.Requests.Create;
using Portal.Application.Requests.Expiry;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Ionos.CloudApi;
using Portal.Infrastructure.Notifications;
using Portal.Infrastructure.Refresh;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Telemetry;
using Portal.TestSupport;
using Portal.Web.Hosting;
using Portal.Web.Identity;

namespace Portal.Web.Tests.Hosting;

/// <summary>appsettings.example.json documents every setting: each key it shows must be one the portal reads.</summary>
public sealed class ExampleSettingsTests
{
    private static readonly IConfiguration Example = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepositoryPaths.Root, "appsettings.example.json"), optional: false)
        .Build();

    [Fact]
    public void Database_EveryKeyBindsToDatabaseOptions() =>
        BindStrict<DatabaseOptions>(Example.GetSection("Database"));

    [Fact]
    public void Ionos_EveryClientKeyBindsToIonosPostgresOptions()
    {
        var ionos = Example.GetSection("Ionos");
        var options = BindStrict<IonosPostgresOptions>(Without(ionos, "Emulator", nameof(IonosCloudApiOptions.CloudApiBaseUrl)));
        var cloudApi = ionos.Get<IonosCloudApiOptions>()!;

        Assert.Equal(["de-txl", "de-fra"], options.Regions.Select(r => r.Code));
        Assert.Equal("IONOS_TOKEN", options.TokenEnvironmentVariable);
        Assert.Equal("https://api.ionos.com/cloudapi/v6/", cloudApi.CloudApiBaseUrl.ToString());
    }

    [Fact]
    public void IonosEmulator_EveryKeyBindsToEmulatorOptionsOrTheEmbeddedSwitch()
    {
        var section = Example.GetSection(EmbeddedEmulatorOptions.Section);

        BindStrict<EmulatorOptions>(Without(section, nameof(EmbeddedEmulatorOptions.Embedded)));
        Assert.False(section.Get<EmbeddedEmulatorOptions>()!.Embedded);
    }

    [Fact]
    public void AzureAd_EveryKeyBindsToMicrosoftIdentityOptions() =>
        BindStrict<MicrosoftIdentityOptions>(Example.GetSection("AzureAd"));

    [Fact]
    public void SignIn_EveryKeyBindsToEntraSignInOptions()
    {
        var signIn = BindStrict<EntraSignInOptions>(Example.GetSection(EntraSignInOptions.Section));

        Assert.Equal("payments", signIn.TeamGroups["00000000-0000-0000-0000-000000000001"]);
        Assert.Null(signIn.OpenIdConnectAuthority);
    }

    [Fact]
    public void Hosting_EveryKeyBindsToHostingSecurityOptions()
    {
        var hosting = BindStrict<HostingSecurityOptions>(Example.GetSection(HostingSecurityOptions.Section));

        Assert.Empty(hosting.KnownProxies);
        Assert.Equal(TimeSpan.FromDays(365), hosting.HstsMaxAge);
        Assert.Equal(32768, hosting.Circuits.MaximumReceiveMessageSize);
        Assert.Null(hosting.DataProtection.CertificatePath);
        Assert.False(hosting.DataProtection.AllowUnprotectedKeys);
    }

    [Fact]
    public void Portal_EveryKeyBindsToTheOptionsOfItsSubsection()
    {
        var portal = Example.GetSection(DemoSignInOptions.Section);
        var demo = BindStrict<DemoSignInOptions>(Without(portal, "Pricing", "SizingPresets", "Execution", "Refresh", "Webhook", "Requests", "Telemetry", "Audit"));
        var expiry = BindStrict<RequestExpiryOptions>(Example.GetSection(RequestExpiryOptions.Section));
        var execution = BindStrict<RequestExecutionOptions>(Example.GetSection(RequestExecutionOptions.SectionName));
        var refresh = BindStrict<ClusterRefreshOptions>(Example.GetSection(ClusterRefreshOptions.SectionName));
        var webhook = BindStrict<WebhookOptions>(Example.GetSection(WebhookOptions.Section));
        var pricing = BindStrict<PricingOptions>(Example.GetSection(PricingOptions.Section));
        var presets = BindStrict<SizingPresetOptions>(Example.GetSection(SizingPresetOptions.Section));
        var telemetry = BindStrict<TelemetryOptions>(Example.GetSection(TelemetryOptions.SectionName));
        var audit = BindStrict<AuditSealerOptions>(Example.GetSection(AuditSealerOptions.SectionName));

        Assert.False(demo.DemoMode);
        Assert.Equal(TimeSpan.FromHours(1), execution.ProvisioningTimeout);
        Assert.Equal(1000, refresh.PageSize);
        Assert.Null(webhook.Url);
        Assert.Equal(TimeSpan.FromDays(14), expiry.PendingApprovalExpiry);
        Assert.Equal(730m, pricing.HoursPerMonth);
        Assert.Equal(["Small", "Medium", "Large"], presets.Presets.Select(p => p.Name));
        Assert.Null(telemetry.OtlpEndpoint); // nothing exported by default
        Assert.Equal(TimeSpan.FromSeconds(2), audit.SealInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(20), audit.SealPause);
    }

    private static T BindStrict<T>(IConfiguration section)
        where T : new()
    {
        var options = new T();
        section.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        return options;
    }

    private static IConfiguration Without(IConfiguration section, params string[] children)
    {
        var prefix = section is IConfigurationSection named ? named.Path + ":" : "";
        var excluded = children.Select(child => prefix + child).ToArray();
        var values = section.AsEnumerable()
            .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && !excluded.Any(e => kv.Key.StartsWith(e, StringComparison.Ordinal)))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key[prefix.Length..], kv.Value));
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
