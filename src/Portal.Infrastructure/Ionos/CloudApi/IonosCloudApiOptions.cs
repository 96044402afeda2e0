namespace Portal.Infrastructure.Ionos.CloudApi;

/// <summary>
/// The Cloud API v6 settings in section <c>Ionos</c> (next to the DBaaS client's settings, whose token, timeouts and
/// retry counts it shares).
/// </summary>
public sealed class IonosCloudApiOptions
{
    public static readonly Uri DefaultBaseUrl = new("https://api.ionos.com/cloudapi/v6/");

    /// <summary><c>Ionos:CloudApiBaseUrl</c>: where the datacenters and LANs are read; ends with <c>/cloudapi/v6/</c>.</summary>
    public Uri CloudApiBaseUrl { get; set; } = DefaultBaseUrl;
}
