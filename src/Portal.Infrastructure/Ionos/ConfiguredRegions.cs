using Ionos.PostgreSql;
using Portal.Application.Regions;

namespace Portal.Infrastructure.Ionos;

/// <summary>The regions the portal serves: exactly the IONOS client's configured regions.</summary>
public sealed class ConfiguredRegions(IIonosPostgresClientFactory clients) : IRegionCatalog
{
    public IReadOnlyList<string> Regions => clients.Regions;
}
