using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Ionos.CloudApi;

/// <summary>
/// Where the Cloud API v6 lives. Asked on every request, so a host can answer with an address known only after start
/// (the embedded emulator registers itself as this).
/// </summary>
public interface ICloudApiEndpoint
{
    /// <summary>The base address, ending with <c>/cloudapi/v6/</c>.</summary>
    Uri GetCloudApiBaseAddress();
}

/// <summary>Default: <c>Ionos:CloudApiBaseUrl</c>.</summary>
public sealed class OptionsCloudApiEndpoint(IOptionsMonitor<IonosCloudApiOptions> options) : ICloudApiEndpoint
{
    public Uri GetCloudApiBaseAddress()
    {
        var configured = options.CurrentValue.CloudApiBaseUrl ?? IonosCloudApiOptions.DefaultBaseUrl;

        // Relative paths resolve against the last segment otherwise: "…/v6" + "datacenters" would drop "v6".
        return configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
    }
}
