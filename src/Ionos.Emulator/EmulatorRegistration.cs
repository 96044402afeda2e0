using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ionos.Emulator;

public static class EmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the emulator: options bound from the <c>Emulator</c> section, then <paramref name="configure"/>,
    /// validated at start; the store, faults and call log as singletons; <see cref="TimeProvider.System"/> unless one is registered.
    /// </summary>
    public static IServiceCollection AddIonosEmulator(this IServiceCollection services, Action<EmulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<EmulatorOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                var section = configuration.GetSection(EmulatorOptions.SectionName);
                section.Bind(options);

                // The binder appends list items to the defaults; a configured list replaces them instead.
                if (section.GetSection(nameof(EmulatorOptions.Regions)).Get<string[]>() is { Length: > 0 } regions)
                {
                    options.Regions = [.. regions];
                }
            });
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.Validate(o => !o.Validate().Any(), "Emulator settings are invalid.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmulatorStore>();
        services.TryAddSingleton<EmulatorFaults>();
        services.TryAddSingleton<EmulatorCallLog>();
        services.TryAddSingleton<EmulatorApi>();
        services.TryAddSingleton<AdminApi>();
        return services;
    }

    /// <summary>Names every invalid setting in the failure message.</summary>
    private sealed class EmulatorOptionsValidator : IValidateOptions<EmulatorOptions>
    {
        public ValidateOptionsResult Validate(string? name, EmulatorOptions options)
        {
            var failures = options.Validate().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

public static class EmulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the DBaaS PostgreSQL v2 API for every region under <c>/{region}</c> (and <c>/{region}/v2</c>), the default region
    /// also at the root (and <c>/v2</c>), the Cloud API at <c>/cloudapi/v6</c>, and the admin endpoints under <c>/_emulator</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapIonosEmulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<EmulatorOptions>>().Value;
        var api = endpoints.ServiceProvider.GetRequiredService<EmulatorApi>();
        var admin = endpoints.ServiceProvider.GetRequiredService<AdminApi>();

        var prefixes = new List<(string Prefix, string Region)> { ("", options.DefaultRegion), ("/v2", options.DefaultRegion) };
        foreach (var region in options.Regions.Distinct(StringComparer.Ordinal))
        {
            prefixes.Add(($"/{region}", region));
            prefixes.Add(($"/{region}/v2", region));
        }

        foreach (var (prefix, region) in prefixes)
        {
            void Map(string method, string path, Func<ApiRequest, Task<ApiResponse>> operation) =>
                endpoints.MapMethods(prefix + path, [method], context => api.HandleAsync(context, region, prefix, operation));

            Map("GET", "/clusters", api.ListClustersAsync);
            Map("POST", "/clusters", api.CreateClusterAsync);
            Map("GET", "/clusters/{clusterId}", api.GetClusterAsync);
            Map("PUT", "/clusters/{clusterId}", api.PutClusterAsync);
            Map("DELETE", "/clusters/{clusterId}", api.DeleteClusterAsync);
            Map("GET", "/backups", api.ListBackupsAsync);
            Map("GET", "/backups/{backupId}", api.GetBackupAsync);
            Map("GET", "/backup-locations", EmulatorApi.ListBackupLocationsAsync);
            Map("GET", "/backup-locations/{backupLocationId}", EmulatorApi.GetBackupLocationAsync);
            Map("GET", "/versions", EmulatorApi.ListVersionsAsync);
            Map("GET", "/versions/{versionId}", EmulatorApi.GetVersionAsync);
        }

        void MapCloud(string path, Func<ApiRequest, Task<ApiResponse>> operation) =>
            endpoints.MapMethods(CloudApi.Prefix + path, ["GET"], context => api.HandleAsync(context, null, "", operation));

        MapCloud("/datacenters", CloudApi.ListDatacentersAsync);
        MapCloud("/datacenters/{datacenterId}", CloudApi.GetDatacenterAsync);
        MapCloud("/datacenters/{datacenterId}/lans", CloudApi.ListLansAsync);
        MapCloud("/datacenters/{datacenterId}/lans/{lanId}", CloudApi.GetLanAsync);

        endpoints.MapMethods("/_emulator/faults", ["GET"], admin.ListFaultsAsync);
        endpoints.MapMethods("/_emulator/faults", ["POST"], admin.AddFaultAsync);
        endpoints.MapMethods("/_emulator/faults", ["DELETE"], admin.ClearFaultsAsync);
        endpoints.MapMethods("/_emulator/faults/{faultId}", ["DELETE"], admin.RemoveFaultAsync);
        endpoints.MapMethods("/_emulator/reset", ["POST"], admin.ResetAsync);
        endpoints.MapMethods("/_emulator/calls", ["GET"], admin.ListCallsAsync);
        endpoints.MapMethods("/_emulator/calls", ["DELETE"], admin.ClearCallsAsync);
        return endpoints;
    }

    /// <summary>Answers unknown paths with 404 and the contract's Error body (standalone and embedded servers only).</summary>
    internal static void MapIonosEmulatorFallback(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapFallback(context => ApiResponse.Error(404, $"No resource at '{context.Request.Path}'").WriteAsync(context));
}
