using System.Net;
using Ionos.PostgreSql;
using Portal.Application.Offerings;

namespace Portal.Infrastructure.Ionos;

/// <summary>Adapter: the application's <see cref="IIonosCatalog"/> port over the typed IONOS client.</summary>
public sealed class IonosCatalog(IIonosPostgresClientFactory clients) : IIonosCatalog
{
    public async Task<IReadOnlyList<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken)
    {
        var client = clients.GetClient(region);
        var versions = new List<PostgresVersionOffering>();
        await foreach (var version in Translate(client.EnumerateVersionsAsync(null, cancellationToken), cancellationToken))
        {
            if (version.Properties?.Version is { Length: > 0 } number)
            {
                versions.Add(new PostgresVersionOffering(
                    number,
                    ParseStatus(version.Properties.Status),
                    version.Properties.Status ?? "",
                    version.Properties.Comment,
                    version.Properties.CanUpgradeTo?.ToList() ?? []));
            }
        }

        return versions;
    }

    public async Task<IReadOnlyList<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken)
    {
        var client = clients.GetClient(region);
        var locations = new List<BackupLocationOffering>();
        await foreach (var location in Translate(client.EnumerateBackupLocationsAsync(null, cancellationToken), cancellationToken))
        {
            if (location.Properties?.Location is { Length: > 0 } name)
            {
                locations.Add(new BackupLocationOffering(location.Id, name));
            }
        }

        return locations;
    }

    public static VersionSupportStatus ParseStatus(string? status) => status?.Trim().ToUpperInvariant() switch
    {
        "RECOMMENDED" => VersionSupportStatus.Recommended,
        "SUPPORTED" => VersionSupportStatus.Supported,
        "DEPRECATED" => VersionSupportStatus.Deprecated,
        "BETA" => VersionSupportStatus.Beta,
        _ => VersionSupportStatus.Unknown,
    };

    /// <summary>Failures to reach IONOS become <see cref="IonosUnavailableException"/> with a reason a person can read.</summary>
    private static async IAsyncEnumerable<T> Translate<T>(IAsyncEnumerable<T> source, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = source.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool moved;
            try
            {
                moved = await enumerator.MoveNextAsync();
            }
            catch (Exception ex) when (ToUnavailable(ex) is { } unavailable)
            {
                throw unavailable;
            }

            if (!moved)
            {
                yield break;
            }

            yield return enumerator.Current;
        }
    }

    public static IonosUnavailableException? ToUnavailable(Exception exception) => exception switch
    {
        IonosApiException api when api.StatusCode == HttpStatusCode.Unauthorized =>
            new IonosUnavailableException("the IONOS token was refused (401); check the configured token", api),
        IonosApiException api when api.StatusCode == HttpStatusCode.Forbidden =>
            new IonosUnavailableException("the IONOS token lacks permission (403)", api),
        IonosApiException api when api.IsRateLimited =>
            new IonosUnavailableException($"rate limited by IONOS (429){(api.RetryAfter is { } wait ? $", retry after {wait.TotalSeconds:0} s" : "")}", api),
        IonosApiException api when (int)api.StatusCode >= 500 =>
            new IonosUnavailableException($"IONOS answered {(int)api.StatusCode} {api.StatusCode}", api),
        HttpRequestException http => new IonosUnavailableException("the connection to IONOS failed", http),
        TimeoutException timeout => new IonosUnavailableException("IONOS did not answer in time", timeout),
        _ => null,
    };
}
