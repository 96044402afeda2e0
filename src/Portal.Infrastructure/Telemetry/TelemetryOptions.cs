namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// Section <c>Portal:Telemetry</c>. Nothing is exported unless an OTLP endpoint is configured here or through the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Portal:Telemetry";

    /// <summary>OTLP collector address (e.g. <c>http://otel-collector:4317</c>); null: only <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, if set.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (port 4317) or <c>HttpProtobuf</c> (port 4318) for <see cref="OtlpEndpoint"/>.</summary>
    public string OtlpProtocol { get; set; } = "Grpc";

    /// <summary>The <c>service.name</c> resource attribute.</summary>
    public string ServiceName { get; set; } = "pgportal";

    /// <summary>How old the requests-by-status sample may get before a collection starts a new one.</summary>
    public TimeSpan RequestSampleInterval { get; set; } = TimeSpan.FromSeconds(30);
}
