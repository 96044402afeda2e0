using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Hosting;

/// <summary>
/// Section <c>Hosting</c>: what the portal trusts in front of it (reverse proxies), how long browsers pin HTTPS,
/// the limits of a Blazor circuit, and the certificate that protects the Data Protection key ring at rest.
/// </summary>
public sealed class HostingSecurityOptions
{
    public const string Section = "Hosting";

    /// <summary>IP addresses of reverse proxies whose X-Forwarded-For/-Proto/-Host headers are believed. Empty: none.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) whose forwarded headers are believed. Empty: none.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Strict-Transport-Security max-age on HTTPS responses (not for loopback hosts); zero turns it off.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    public CircuitLimits Circuits { get; set; } = new();

    public DataProtectionKeyProtection DataProtection { get; set; } = new();
}

/// <summary>Limits of a Blazor Server circuit, chosen on purpose rather than left to the framework defaults.</summary>
public sealed class CircuitLimits
{
    /// <summary>How many disconnected circuits the server keeps in memory so a user can reconnect.</summary>
    [Range(0, 10_000)]
    public int DisconnectedCircuitMaxRetained { get; set; } = 100;

    /// <summary>How long a disconnected circuit is kept before its memory is released.</summary>
    public TimeSpan DisconnectedCircuitRetentionPeriod { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a JavaScript interop call may take before it fails.</summary>
    public TimeSpan JSInteropDefaultCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Render batches a client may leave unacknowledged before the server stops rendering for it.</summary>
    [Range(1, 100)]
    public int MaxBufferedUnacknowledgedRenderBatches { get; set; } = 10;

    /// <summary>Largest SignalR message a client may send, in bytes (form fields, JS interop results).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaximumReceiveMessageSize { get; set; } = 32 * 1024;
}

/// <summary>
/// Protection at rest of the Data Protection keys stored in the database. With a certificate each key is encrypted to it
/// and every replica needs the same certificate (with its private key) to read the ring. Without one the keys would be
/// stored unencrypted (anyone who can read the table can forge cookies and decrypt pending secrets): allowed in
/// Development, and with a warning in demo mode or with <see cref="AllowUnprotectedKeys"/>; elsewhere the portal refuses to start.
/// </summary>
public sealed class DataProtectionKeyProtection
{
    /// <summary>Path of a PKCS#12 (.pfx) file with a private key; relative to the content root.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of the .pfx file, from a secret (Hosting__DataProtection__CertificatePassword).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Knowingly stores the keys unencrypted outside Development (a warning is logged at every start). Default: false.</summary>
    public bool AllowUnprotectedKeys { get; set; }
}
