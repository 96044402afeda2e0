using System.Security.Cryptography;
using Ionos.PostgreSql;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Ionos.CloudApi;

namespace Portal.Web.Hosting;

/// <summary>The IONOS client for the configured regions, optionally pointed at an emulator inside this process.</summary>
public static class IonosRegistration
{
    public static IServiceCollection AddPortalIonos(this IServiceCollection services, IConfiguration configuration)
    {
        var embedded = configuration.GetSection(EmbeddedEmulatorOptions.Section).Get<EmbeddedEmulatorOptions>()?.Embedded ?? false;
        if (embedded)
        {
            // Registered before anything else that is hosted, so it is listening before any IONOS call is made.
            services.AddSingleton<EmbeddedEmulatorHost>();
            services.AddHostedService(sp => sp.GetRequiredService<EmbeddedEmulatorHost>());
            services.AddSingleton<IIonosEndpointProvider>(sp => sp.GetRequiredService<EmbeddedEmulatorHost>());
            services.AddSingleton<ICloudApiEndpoint>(sp => sp.GetRequiredService<EmbeddedEmulatorHost>());

            // No token configured: a random one for this process, shared by the client and the emulator, never printed.
            var processToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            services.PostConfigure<IonosPostgresOptions>(o =>
            {
                if (string.IsNullOrWhiteSpace(o.ResolveToken()))
                {
                    o.Token = processToken;
                }
            });
        }

        services.AddPortalIonosAdapters(configuration);
        return services;
    }
}
