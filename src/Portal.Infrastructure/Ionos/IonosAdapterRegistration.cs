using Ionos.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Portal.Application.Clusters;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Ionos.CloudApi;
using Portal.Infrastructure.Requests;

namespace Portal.Infrastructure.Ionos;

public static class IonosAdapterRegistration
{
    public const string CloudApiResiliencePipelineName = "ionos-cloudapi";

    /// <summary>
    /// The typed IONOS clients (section <c>Ionos</c>: the DBaaS client, and <c>Ionos:CloudApiBaseUrl</c> for the Cloud
    /// API) and the application's ports implemented over them. The name check also reads the portal database
    /// (<see cref="Persistence.PortalDataServiceCollectionExtensions.AddPortalData"/>).
    /// </summary>
    public static IServiceCollection AddPortalIonosAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(IonosPostgresOptions.DefaultSectionName);
        services.AddIonosPostgreSql(section);
        services.AddSingleton<IIonosCatalog, IonosCatalog>();
        services.AddSingleton<IBackupCatalog, IonosBackupCatalog>();
        services.AddSingleton<IRegionCatalog, ConfiguredRegions>();

        AddCloudApi(services, section);
        services.AddSingleton<INetworkCatalog, IonosNetworkCatalog>();
        services.AddSingleton<IClusterNameAvailability, ClusterNameAvailability>();
        services.AddSingleton<IClusterPayloadPreview, ClusterPayloadPreview>();
        return services;
    }

    private static void AddCloudApi(IServiceCollection services, IConfigurationSection section)
    {
        services.AddOptions<IonosCloudApiOptions>()
            .Bind(section)
            .Validate(
                o => o.CloudApiBaseUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" },
                $"{section.Path}:CloudApiBaseUrl must be an absolute http(s) URL such as {IonosCloudApiOptions.DefaultBaseUrl}.")
            .ValidateOnStart();

        // A host that knows the address only after start (the embedded emulator) registers its own first.
        services.TryAddSingleton<ICloudApiEndpoint, OptionsCloudApiEndpoint>();
        services.AddSingleton<IonosCloudApiClient>();
        services.AddHttpClient(IonosCloudApiClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(CloudApiResiliencePipelineName, static (pipeline, context) =>
            {
                context.EnableReloads<IonosPostgresOptions>();
                ConfigurePipeline(pipeline, context.GetOptions<IonosPostgresOptions>(), context.ServiceProvider.GetService<TimeProvider>());
            });
    }

    /// <summary>
    /// The DBaaS client's limits (its pipeline is private to Ionos.PostgreSql), kept minimal: total timeout → retry of GET on
    /// transient failures (5xx, 408, 429, connection failures, attempt timeouts; Retry-After not waited for) → attempt timeout.
    /// </summary>
    private static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, IonosPostgresOptions options, TimeProvider? timeProvider)
    {
        pipeline.TimeProvider = timeProvider ?? TimeProvider.System;
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldRetryAfterHeader = false,
            };
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
        }

        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
