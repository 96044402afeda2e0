using Ionos.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Offerings;
using Portal.Application.Regions;

namespace Portal.Infrastructure.Ionos;

public static class IonosAdapterRegistration
{
    /// <summary>The typed IONOS client (section <c>Ionos</c>) and the application's ports implemented over it.</summary>
    public static IServiceCollection AddPortalIonosAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIonosPostgreSql(configuration.GetSection(IonosPostgresOptions.DefaultSectionName));
        services.AddSingleton<IIonosCatalog, IonosCatalog>();
        services.AddSingleton<IRegionCatalog, ConfiguredRegions>();
        return services;
    }
}
