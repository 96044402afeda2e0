using System.Net;
using System.Text.Json;
using Ionos.PostgreSql;
using Portal.Application.Offerings;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Ionos.CloudApi;

namespace Portal.Infrastructure.Ionos;

/// <summary>Adapter: the application's <see cref="INetworkCatalog"/> port over the Cloud API v6.</summary>
public sealed class IonosNetworkCatalog(IonosCloudApiClient cloudApi) : INetworkCatalog
{
    public async Task<IReadOnlyList<DatacenterOption>> GetDatacentersAsync(string region, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var datacenters = new List<DatacenterOption>();
        try
        {
            await foreach (var datacenter in cloudApi.EnumerateDatacentersAsync(cancellationToken))
            {
                if (datacenter.Properties?.Location is { Length: > 0 } location && ServesRegion(region, location))
                {
                    datacenters.Add(new DatacenterOption(datacenter.Id, datacenter.Properties.Name ?? datacenter.Id, location));
                }
            }
        }
        catch (Exception ex) when (Unavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }

        return [.. datacenters.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<IReadOnlyList<LanOption>> GetPrivateLansAsync(string datacenterId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datacenterId);
        IReadOnlyList<CloudApiLan> lans;
        try
        {
            lans = await cloudApi.ListLansAsync(datacenterId, cancellationToken);
        }
        catch (IonosApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // Not one of the token's datacenters: it has no LAN to offer.
            return [];
        }
        catch (Exception ex) when (Unavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }

        return
        [
            .. lans
                .Where(l => l.Properties?.Public == false)
                .OrderBy(l => int.TryParse(l.Id, out var number) ? number : int.MaxValue)
                .Select(l => new LanOption(l.Id, l.Properties?.Name ?? l.Id)),
        ];
    }

    /// <summary>
    /// True when a datacenter location belongs to a DBaaS region: the region code with '-' as '/' is the location or
    /// its prefix (de-txl serves de/txl; de-fra serves de/fra and de/fra/2).
    /// </summary>
    public static bool ServesRegion(string region, string location)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(location);
        var prefix = region.Trim().Replace('-', '/');
        var trimmed = location.Trim();
        return trimmed.Equals(prefix, StringComparison.OrdinalIgnoreCase)
            || (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && trimmed.Length > prefix.Length && trimmed[prefix.Length] == '/');
    }

    private static IonosUnavailableException? Unavailable(Exception exception) => IonosCatalog.ToUnavailable(exception) ?? exception switch
    {
        IonosApiException api => new IonosUnavailableException($"the IONOS Cloud API answered {(int)api.StatusCode} {api.StatusCode}", api),
        JsonException json => new IonosUnavailableException("the IONOS Cloud API sent an answer that could not be read", json),
        _ => null,
    };
}
