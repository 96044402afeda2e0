using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Infrastructure.Telemetry;

public static class PortalMetricsRegistration
{
    /// <summary>
    /// <see cref="PortalMetrics"/> (meter <c>PgPortal</c>) with its <see cref="RequestQueueSampler"/> and
    /// <see cref="TelemetryOptions"/> (section <c>Portal:Telemetry</c>, validated on start). The executor and the
    /// refresher record into it when it is registered. Needs <c>AddPortalData</c>.
    /// </summary>
    public static IServiceCollection AddPortalMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TelemetryOptions.SectionName);
        services.AddOptions<TelemetryOptions>()
            .Bind(section)
            .Validate(o => o.RequestSampleInterval > TimeSpan.Zero, $"{section.Path}:RequestSampleInterval must be a positive duration such as 00:00:30.")
            .Validate(o => o.OtlpProtocol is "Grpc" or "HttpProtobuf", $"{section.Path}:OtlpProtocol must be Grpc or HttpProtobuf.")
            .Validate(o => o.OtlpEndpoint is null || o.OtlpEndpoint.IsAbsoluteUri, $"{section.Path}:OtlpEndpoint must be an absolute URL such as http://otel-collector:4317.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ServiceName), $"{section.Path}:ServiceName must not be empty (it becomes service.name).")
            .ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RequestQueueSampler>();
        services.TryAddSingleton<PortalMetrics>();
        return services;
    }
}
