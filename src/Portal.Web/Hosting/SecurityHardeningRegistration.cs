using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Portal.Web.Hosting;

/// <summary>
/// Hardening of the host: forwarded headers only from configured proxies, security headers on every response (CSP with a
/// per-request nonce, frame-ancestors 'none', HSTS, nosniff, Referrer-Policy, no-store on pages), antiforgery and circuit
/// limits set on purpose, detailed circuit errors only in Development, and the Data Protection key ring encrypted with a
/// certificate when one is configured.
/// </summary>
public static partial class SecurityHardeningRegistration
{
    public static IServiceCollection AddPortalHardening(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        services.AddOptions<HostingSecurityOptions>().BindConfiguration(HostingSecurityOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "Hosting:KnownProxies must list IP addresses, e.g. 10.0.0.5.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Hosting:KnownNetworks must list networks in CIDR form, e.g. 10.0.0.0/8.")
            .Validate(o => o.HstsMaxAge >= TimeSpan.Zero, "Hosting:HstsMaxAge must not be negative.")
            .ValidateOnStart();
        var settings = configuration.GetSection(HostingSecurityOptions.Section).Get<HostingSecurityOptions>() ?? new HostingSecurityOptions();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HostingSecurityOptions>>((forwarded, hosting) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what the operator lists is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in hosting.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in hosting.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        services.AddOptions<CircuitOptions>().Configure<IOptions<HostingSecurityOptions>>((circuit, hosting) =>
        {
            var limits = hosting.Value.Circuits;
            circuit.DetailedErrors = environment.IsDevelopment();
            circuit.DisconnectedCircuitMaxRetained = limits.DisconnectedCircuitMaxRetained;
            circuit.DisconnectedCircuitRetentionPeriod = limits.DisconnectedCircuitRetentionPeriod;
            circuit.JSInteropDefaultCallTimeout = limits.JSInteropDefaultCallTimeout;
            circuit.MaxBufferedUnacknowledgedRenderBatches = limits.MaxBufferedUnacknowledgedRenderBatches;
        });
        services.AddOptions<HubOptions>().Configure<IOptions<HostingSecurityOptions>>((hub, hosting) =>
        {
            hub.MaximumReceiveMessageSize = hosting.Value.Circuits.MaximumReceiveMessageSize;
            hub.EnableDetailedErrors = environment.IsDevelopment();
        });

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "pgportal.af";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        switch (KeyRingProtectionFor(settings.DataProtection, configuration, environment))
        {
            case KeyRingProtection.Certificate:
                var path = Path.IsPathRooted(settings.DataProtection.CertificatePath)
                    ? settings.DataProtection.CertificatePath
                    : Path.Combine(environment.ContentRootPath, settings.DataProtection.CertificatePath!);
                services.AddDataProtection().ProtectKeysWithCertificate(LoadCertificate(path, settings.DataProtection.CertificatePassword));
                break;
            case KeyRingProtection.UnprotectedWithWarning:
                services.AddHostedService<UnprotectedKeyRingWarning>();
                break;
        }

        services.AddSingleton(new ContentSecurityPolicy(SignInOrigins(configuration)));
        return services;
    }

    /// <summary>
    /// How the key ring is protected at rest: with the configured certificate; unencrypted without a word in Development;
    /// unencrypted with a warning at every start in demo mode or with <c>Hosting:DataProtection:AllowUnprotectedKeys</c>.
    /// Anywhere else the portal refuses to start: whoever reads the table could forge sign-in cookies and read pending passwords.
    /// </summary>
    public static KeyRingProtection KeyRingProtectionFor(DataProtectionKeyProtection settings, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            return KeyRingProtection.Certificate;
        }

        if (environment.IsDevelopment())
        {
            return KeyRingProtection.Unprotected;
        }

        if (settings.AllowUnprotectedKeys || configuration.GetValue<bool>("Portal:DemoMode"))
        {
            return KeyRingProtection.UnprotectedWithWarning;
        }

        throw new InvalidOperationException(
            "The Data Protection keys (they sign the sign-in cookies and encrypt pending passwords) would be stored in the database unencrypted. " +
            "Set Hosting:DataProtection:CertificatePath to a .pfx file with a private key, the same on every replica, and its password as the secret " +
            "Hosting__DataProtection__CertificatePassword. Create one with: " +
            "openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj \"/CN=PgPortal Data Protection\" -keyout dp.key -out dp.crt && " +
            "openssl pkcs12 -export -inkey dp.key -in dp.crt -out dataprotection.pfx (it asks for the password). " +
            "Only if the database itself is protected well enough, set Hosting:DataProtection:AllowUnprotectedKeys=true instead (a warning is logged at every start).");
    }

    /// <summary>First in the pipeline: forwarded headers (so HTTPS is known), then the security headers on every response.</summary>
    public static WebApplication UsePortalHardening(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        return app;
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Hosting:DataProtection:CertificatePath points to '{path}', which does not exist. Give the path of a .pfx file with a private key, or leave the setting empty.");
        }

        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"The certificate in '{path}' (Hosting:DataProtection:CertificatePath) has no private key; the key ring could not be read back.");
            }

            return certificate;
        }
        catch (CryptographicException)
        {
            // The exception text may echo details of the file; the password is never part of this message.
            throw new InvalidOperationException(
                $"The certificate '{path}' (Hosting:DataProtection:CertificatePath) could not be opened. Check the file and Hosting:DataProtection:CertificatePassword.");
        }
    }

    /// <summary>The sign-in authority's origin: the browser posts the sign-out form to the portal, which redirects there.</summary>
    private static List<string> SignInOrigins(IConfiguration configuration)
    {
        var origins = new List<string>();
        foreach (var value in new[] { configuration["SignIn:OpenIdConnectAuthority"], configuration["AzureAd:Instance"] })
        {
            if (!string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]) && Uri.TryCreate(value, UriKind.Absolute, out var uri))
            {
                origins.Add(uri.GetLeftPart(UriPartial.Authority));
            }
        }

        return origins;
    }

    private sealed partial class UnprotectedKeyRingWarning(ILogger<UnprotectedKeyRingWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogUnprotected(logger);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection keys are stored in the database unencrypted (demo mode or Hosting:DataProtection:AllowUnprotectedKeys); set Hosting:DataProtection:CertificatePath to encrypt them at rest")]
        private static partial void LogUnprotected(ILogger logger);
    }
}

/// <summary>How the Data Protection key ring is stored; see <see cref="SecurityHardeningRegistration.KeyRingProtectionFor"/>.</summary>
public enum KeyRingProtection
{
    /// <summary>Each key encrypted to the configured certificate.</summary>
    Certificate,

    /// <summary>Unencrypted, in Development (the README's run command needs no configuration).</summary>
    Unprotected,

    /// <summary>Unencrypted by explicit choice (demo mode, or the opt-out setting), with a warning at every start.</summary>
    UnprotectedWithWarning,
}

/// <summary>The Content-Security-Policy, with a fresh nonce per response for the one inline script Blazor renders (the import map).</summary>
public sealed class ContentSecurityPolicy(IReadOnlyList<string> signInOrigins)
{
    private const string NonceKey = "pgportal.csp-nonce";

    /// <summary>The nonce of this response, for <c>&lt;ImportMap nonce=...&gt;</c> in App.razor.</summary>
    public static string NonceFor(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(NonceKey, out var existing) && existing is string nonce)
        {
            return nonce;
        }

        // Hex: no character that HTML would escape in the attribute.
        nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        return nonce;
    }

    public string HeaderFor(HttpContext context)
    {
        var formTargets = string.Join(' ', signInOrigins.Prepend("'self'"));
        // Blazor Server needs no eval and no inline script except the import map (nonce). MudBlazor sets style attributes,
        // so inline styles are allowed; the SignalR connection is same-origin ('self' covers ws/wss on the same host).
        return string.Join("; ",
            "default-src 'self'",
            $"script-src 'self' 'nonce-{NonceFor(context)}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formTargets}",
            "frame-ancestors 'none'");
    }
}

/// <summary>Adds the security headers to every response just before it starts (so they survive error pages and redirects).</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, ContentSecurityPolicy policy, IOptions<HostingSecurityOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy.HeaderFor(context);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";

            var hsts = options.Value.HstsMaxAge;
            if (context.Request.IsHttps && hsts > TimeSpan.Zero && !IsLoopback(context.Request.Host.Host))
            {
                headers.StrictTransportSecurity = $"max-age={(long)hsts.TotalSeconds}; includeSubDomains";
            }

            // Pages carry personal data and antiforgery tokens: never cached. Fingerprinted static files keep their caching.
            var isHtml = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
            var signedIn = context.User.Identity?.IsAuthenticated == true;
            if (isHtml || (signedIn && string.IsNullOrEmpty(headers.CacheControl)))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
