using Ionos.PostgreSql;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Infrastructure.Telemetry;

namespace Portal.Web.Hosting;

/// <summary>
/// Metrics, traces and logs. The portal's meters (<c>PgPortal</c>, <c>Ionos.PostgreSql</c>) and the circuit counter are
/// always there (cheap while nobody listens). OpenTelemetry (ASP.NET Core, HttpClient and Npgsql traces; ASP.NET Core,
/// HttpClient, runtime and the portal's metrics; logs) is registered only when an OTLP endpoint is configured,
/// through <c>Portal:Telemetry:OtlpEndpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>: nothing is
/// exported, or even collected for export, by default.
/// </summary>
public static class TelemetryRegistration
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Meters the OTLP exporter reads besides the instrumentation libraries' own.</summary>
    public static IReadOnlyList<string> PortalMeters { get; } = [PortalMetrics.MeterName, IonosClientMetrics.MeterName];

    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPortalMetrics(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, TelemetryCircuitHandler>());

        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!IsExportConfigured(options, configuration))
        {
            return services;
        }

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithTracing(tracing => tracing
                // Probes every few seconds from every replica are noise, not traces.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter([.. PortalMeters]))
            .WithLogging(configureBuilder: null, configureOptions: logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });

        // A configured endpoint wins; otherwise the exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself.
        if (options.OtlpEndpoint is { } endpoint)
        {
            otel.UseOtlpExporter(options.OtlpProtocol == "HttpProtobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, endpoint);
        }
        else
        {
            otel.UseOtlpExporter();
        }

        return services;
    }

    public static bool IsExportConfigured(TelemetryOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        return options.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
    }
}
