using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ionos.PostgreSql;

/// <summary>Hands out one <see cref="IonosPostgresClient"/> per configured region.</summary>
public interface IIonosPostgresClientFactory
{
    /// <summary>The configured region codes, in configuration order.</summary>
    IReadOnlyList<string> Regions { get; }

    /// <summary>A client for <paramref name="regionCode"/>; throws <see cref="ArgumentException"/> naming the configured regions when unknown.</summary>
    IonosPostgresClient GetClient(string regionCode);
}

/// <summary>
/// Default factory: creates the client from <see cref="IHttpClientFactory"/> (pooled handlers, resilience pipeline)
/// and resolves the base address through <see cref="IIonosEndpointProvider"/> at that moment, not at registration.
/// </summary>
public sealed class IonosPostgresClients(
    IHttpClientFactory httpClientFactory,
    IIonosEndpointProvider endpoints,
    IOptionsMonitor<IonosPostgresOptions> options,
    TimeProvider? timeProvider = null,
    ILogger<IonosPostgresClients>? logger = null) : IIonosPostgresClientFactory
{
    public IReadOnlyList<string> Regions =>
        options.CurrentValue.Regions.Select(r => r.Code.Trim().ToLowerInvariant()).ToArray();

    public IonosPostgresClient GetClient(string regionCode)
    {
        ArgumentNullException.ThrowIfNull(regionCode);
        var code = regionCode.Trim().ToLowerInvariant();
        var regions = Regions;
        if (!regions.Contains(code, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"IONOS region '{regionCode}' is not configured. Configured regions: {(regions.Count == 0 ? "(none)" : string.Join(", ", regions))}.",
                nameof(regionCode));
        }

        var baseAddress = endpoints.GetBaseAddress(code);
        if (!baseAddress.AbsoluteUri.EndsWith('/'))
        {
            // Relative paths resolve under the base path (e.g. an emulator at /v2) only with a trailing slash.
            baseAddress = new Uri(baseAddress.AbsoluteUri + "/");
        }

        var http = httpClientFactory.CreateClient(IonosPostgreSqlServiceCollectionExtensions.HttpClientName);
        http.BaseAddress = baseAddress;
        var current = options.CurrentValue;
        if (logger is not null)
        {
            // Scheme, host, port and path only: a base URL could carry credentials in its user-info part.
            var shown = IonosPostgresClient.SafeDisplay(baseAddress);
            Log.ClientCreated(logger, code, shown);
        }

        return new IonosPostgresClient(code, http, current.ResolveToken, current.PageSize, timeProvider);
    }
}
