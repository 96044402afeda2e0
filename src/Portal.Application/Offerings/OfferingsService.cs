using Microsoft.Extensions.Logging;
using Portal.Application.Regions;

namespace Portal.Application.Offerings;

/// <summary>
/// Reads, for every configured region, the versions and backup locations IONOS offers.
/// A region that cannot be reached is reported as unavailable with a message; the others still load.
/// </summary>
public sealed partial class OfferingsService(IIonosCatalog catalog, IRegionCatalog regions, ILogger<OfferingsService> logger)
{
    public IReadOnlyList<string> Regions => regions.Regions;

    public async Task<RegionOfferings> GetRegionAsync(string region, CancellationToken cancellationToken)
    {
        regions.EnsureKnown(region);
        try
        {
            var versionsTask = catalog.GetVersionsAsync(region, cancellationToken);
            var locationsTask = catalog.GetBackupLocationsAsync(region, cancellationToken);
            var versions = await versionsTask;
            var locations = await locationsTask;
            return RegionOfferings.Loaded(
                region,
                [.. versions.OrderByDescending(v => VersionSortKey(v.Version))],
                [.. locations.OrderBy(l => l.Location, StringComparer.Ordinal)]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRegionUnavailable(logger, region, ex.GetType().Name);
            return RegionOfferings.Unavailable(region, IonosUnavailableMessage(region, ex));
        }
    }

    /// <summary>A message for people: what failed and what to do, without internal details.</summary>
    public static string IonosUnavailableMessage(string region, Exception exception) => exception switch
    {
        IonosUnavailableException unavailable => $"IONOS in {region} could not be reached: {unavailable.Reason}. Try again in a moment.",
        _ => $"IONOS in {region} could not be reached. Try again in a moment.",
    };

    // Numeric versions sort numerically ("9" < "10"); anything else after them.
    private static (int, string) VersionSortKey(string version) =>
        int.TryParse(version, out var number) ? (number, version) : (-1, version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offerings for region {Region} could not be loaded ({ErrorType})")]
    private static partial void LogRegionUnavailable(ILogger logger, string region, string errorType);
}

/// <summary>The offerings of one region, or why they could not be loaded.</summary>
public sealed record RegionOfferings(
    string Region,
    IReadOnlyList<PostgresVersionOffering> Versions,
    IReadOnlyList<BackupLocationOffering> BackupLocations,
    string? Error)
{
    public bool IsAvailable => Error is null;

    public static RegionOfferings Loaded(string region, IReadOnlyList<PostgresVersionOffering> versions, IReadOnlyList<BackupLocationOffering> locations) =>
        new(region, versions, locations, null);

    public static RegionOfferings Unavailable(string region, string error) => new(region, [], [], error);
}
