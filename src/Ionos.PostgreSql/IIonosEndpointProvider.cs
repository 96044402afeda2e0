using Microsoft.Extensions.Options;

namespace Ionos.PostgreSql;

/// <summary>
/// Resolves the base address of a region. Called each time a client is created, so a host can register its own
/// (e.g. an in-process emulator whose port is known only after start).
/// </summary>
public interface IIonosEndpointProvider
{
    Uri GetBaseAddress(string regionCode);
}

/// <summary>Default: the region's <c>BaseUrl</c> from options, else <c>https://postgresql.{code}.ionos.com</c>.</summary>
public sealed class OptionsIonosEndpointProvider(IOptionsMonitor<IonosPostgresOptions> options) : IIonosEndpointProvider
{
    public Uri GetBaseAddress(string regionCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionCode);
        var region = options.CurrentValue.Regions.FirstOrDefault(r => string.Equals(r.Code, regionCode, StringComparison.OrdinalIgnoreCase));
        return region?.BaseUrl ?? DefaultBaseAddress(regionCode);
    }

    public static Uri DefaultBaseAddress(string regionCode) =>
        new($"https://postgresql.{regionCode.Trim().ToLowerInvariant()}.ionos.com/");
}
