using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using Portal.TestSupport;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Security;

/// <summary>
/// The Data Protection key ring at rest: outside Development and demo mode the portal starts only with a certificate
/// that encrypts the keys, or with the explicit opt-out, which warns at every start.
/// </summary>
public sealed class KeyRingProtectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Development", null, null, null, KeyRingProtection.Unprotected)]
    [InlineData("Development", "dp.pfx", null, null, KeyRingProtection.Certificate)]
    [InlineData("Production", "dp.pfx", null, null, KeyRingProtection.Certificate)]
    [InlineData("Production", null, "true", null, KeyRingProtection.UnprotectedWithWarning)]
    [InlineData("Staging", null, null, "true", KeyRingProtection.UnprotectedWithWarning)]
    public void KeyRingProtectionFor_Settings_Decides(string environment, string? certificate, string? allowUnprotected, string? demoMode, KeyRingProtection expected)
    {
        var (settings, configuration) = Settings(certificate, allowUnprotected, demoMode);

        Assert.Equal(expected, SecurityHardeningRegistration.KeyRingProtectionFor(settings, configuration, new FakeEnvironment(environment)));
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Staging", "false")]
    public void KeyRingProtectionFor_NoCertificateOutsideDevelopment_RefusesNamingTheSettingsAndHowToCreateOne(string environment, string? allowUnprotected)
    {
        var (settings, configuration) = Settings(null, allowUnprotected, null);

        var error = Assert.Throws<InvalidOperationException>(() =>
            SecurityHardeningRegistration.KeyRingProtectionFor(settings, configuration, new FakeEnvironment(environment)));

        Assert.Contains("Hosting:DataProtection:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl req -x509", error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl pkcs12 -export", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hosting:DataProtection:AllowUnprotectedKeys=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithoutCertificate_Refuses()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("web_keyring_refused", Ct);
        await using var entra = EntraPortal(database.ConnectionString, []);
        await using var portal = entra.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.ThrowsAny<Exception>(() => portal.Server);

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("Hosting:DataProtection:CertificatePath", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProductionWithCertificate_StoresEveryKeyEncrypted()
    {
        var password = Guid.NewGuid().ToString("N");
        var path = Path.Combine(Path.GetTempPath(), $"pgportal-keyring-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=PgPortal Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, password), Ct);
        }

        try
        {
            await using var database = await PostgresTestDatabase.CreateAsync("web_keyring_certificate", Ct);
            await using var entra = EntraPortal(database.ConnectionString, new()
            {
                ["Hosting:DataProtection:CertificatePath"] = path,
                ["Hosting:DataProtection:CertificatePassword"] = password,
            });
            await using var portal = entra.WithWebHostBuilder(b => b.UseEnvironment("Production"));
            var protector = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test");
            Assert.Equal("round trip", protector.Unprotect(protector.Protect("round trip")));

            var keys = await KeyXmlAsync(database.ConnectionString);

            var key = Assert.Single(keys);
            Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
            Assert.Contains("X509Certificate", key, StringComparison.Ordinal);
            // The only <masterKey> left is the marker that says it needs decrypting; its plaintext <value> is gone.
            Assert.DoesNotContain("<masterKey", key.Replace("<masterKey p4:requiresDecryption", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", key, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Start_ProductionWithTheOptOut_StartsAndWarns()
    {
        using var logs = new FakeLoggerProvider();
        await using var database = await PostgresTestDatabase.CreateAsync("web_keyring_optout", Ct);
        await using var entra = EntraPortal(database.ConnectionString, new() { ["Hosting:DataProtection:AllowUnprotectedKeys"] = "true" });
        await using var portal = entra.WithWebHostBuilder(b => b.UseEnvironment("Production").ConfigureLogging(l => l.AddProvider(logs)));

        _ = portal.Server;

        var warnings = logs.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).Select(r => r.Message).ToList();
        Assert.Contains(warnings, m => m.Contains("stored in the database unencrypted", StringComparison.Ordinal)
            && m.Contains("Hosting:DataProtection:CertificatePath", StringComparison.Ordinal));
    }

    /// <summary>The real portal with Entra ID settings (never contacted: nobody signs in here); the tests switch it to Production.</summary>
    private static PortalAppFactory EntraPortal(string connectionString, Dictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
            ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000",
            ["AzureAd:ClientSecret"] = "not-used-in-this-test",
            ["Portal:Refresh:Enabled"] = "false",
            ["Portal:Execution:Enabled"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return PortalAppFactory.OnPostgres(connectionString, settings);
    }

    private static async Task<List<string>> KeyXmlAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT \"Xml\" FROM \"DataProtectionKeys\"", connection);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static (DataProtectionKeyProtection Settings, IConfiguration Configuration) Settings(string? certificate, string? allowUnprotected, string? demoMode)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hosting:DataProtection:CertificatePath"] = certificate,
            ["Hosting:DataProtection:AllowUnprotectedKeys"] = allowUnprotected,
            ["Portal:DemoMode"] = demoMode,
        }).Build();
        return (configuration.GetSection("Hosting:DataProtection").Get<DataProtectionKeyProtection>() ?? new(), configuration);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private sealed class FakeEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Portal.Web";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
