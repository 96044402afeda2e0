using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Portal.Infrastructure.Telemetry;
using Portal.TestSupport;
using Portal.Web.Hosting;

namespace Portal.Web.Tests.Hosting;

/// <summary>
/// Telemetry in the real portal on PostgreSQL: nothing is collected for export unless an OTLP endpoint is configured;
/// with one, traces, metrics and logs reach it over OTLP/HTTP; the executor and circuit instruments are recorded.
/// </summary>
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Portal_NoOtlpEndpoint_RegistersNoOpenTelemetryProvider()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("telemetry_off", Ct);
        await using var portal = PortalAppFactory.OnPostgres(database.ConnectionString, Quiet());

        using var client = portal.CreateClient();
        using var response = await client.GetAsync("/health/live", Ct);

        Assert.True(response.IsSuccessStatusCode);
        Assert.Null(portal.Services.GetService<TracerProvider>());
        Assert.Null(portal.Services.GetService<MeterProvider>());
        Assert.Null(portal.Services.GetService<LoggerProvider>());
        Assert.NotNull(portal.Services.GetService<PortalMetrics>());
    }

    [Fact]
    public async Task Portal_OtlpEndpointConfigured_ExportsTracesMetricsAndLogsOverOtlp()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var database = await PostgresTestDatabase.CreateAsync("telemetry_on", Ct);
        var settings = Quiet();
        settings["Portal:Telemetry:OtlpEndpoint"] = collector.Address.ToString();
        settings["Portal:Telemetry:OtlpProtocol"] = "HttpProtobuf";
        settings["Logging:LogLevel:Default"] = "Information";
        await using var portal = PortalAppFactory.OnPostgres(database.ConnectionString, settings);

        using var client = portal.CreateClient();
        using var response = await client.GetAsync("/account/sign-in", Ct);
        Assert.True(response.IsSuccessStatusCode);
        // The request gauges report from the sampler's last sample (a collection never waits on the database): take one.
        await portal.Services.GetRequiredService<RequestQueueSampler>().SampleAsync(Ct);

        Assert.True(portal.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
        Assert.True(portal.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        Assert.True(portal.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000));

        Assert.Contains("/v1/traces", collector.Paths);
        Assert.Contains("/v1/metrics", collector.Paths);
        Assert.Contains("/v1/logs", collector.Paths);
        var metrics = string.Concat(collector.Bodies("/v1/metrics"));
        Assert.Contains("http.server.request.duration", metrics, StringComparison.Ordinal);
        Assert.Contains(PortalMetrics.RequestsInstrument, metrics, StringComparison.Ordinal);
        Assert.Contains(PortalMetrics.QueueAgeInstrument, metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portal_Running_RecordsExecutorRoundsAndCountsCircuits()
    {
        await using var database = await PostgresTestDatabase.CreateAsync("telemetry_run", Ct);
        var settings = Quiet();
        settings["Portal:Execution:Enabled"] = "true";
        settings["Portal:Execution:PollInterval"] = "00:00:00.100";
        await using var portal = PortalAppFactory.OnPostgres(database.ConnectionString, settings);
        _ = portal.Server;
        var meterFactory = portal.Services.GetRequiredService<IMeterFactory>();
        using var rounds = new MetricCollector<long>(meterFactory, PortalMetrics.MeterName, PortalMetrics.ExecutorRoundsInstrument);
        using var circuits = new MetricCollector<long>(meterFactory, PortalMetrics.MeterName, PortalMetrics.ActiveCircuitsInstrument);

        await rounds.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(30));
        Assert.Equal("ok", rounds.GetMeasurementSnapshot()[0].Tags["outcome"]);

        // The handler Blazor calls for every circuit of a user's session (a browser test opens real ones).
        await using var scope = portal.Services.CreateAsyncScope();
        var handler = Assert.Single(scope.ServiceProvider.GetServices<CircuitHandler>().OfType<TelemetryCircuitHandler>());
        await handler.OnCircuitOpenedAsync(null!, Ct);
        await handler.OnCircuitOpenedAsync(null!, Ct);
        await handler.OnCircuitClosedAsync(null!, Ct);
        Assert.Equal(1, circuits.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    private static Dictionary<string, string?> Quiet() => new()
    {
        ["Portal:Execution:Enabled"] = "false",
        ["Portal:Refresh:Enabled"] = "false",
    };

    /// <summary>An OTLP/HTTP receiver on a loopback port that keeps what it was sent.</summary>
    private sealed class FakeOtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private FakeOtlpCollector(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = default!;

        public IReadOnlyCollection<string> Paths => [.. _received.Select(r => r.Path).Distinct()];

        public IEnumerable<string> Bodies(string path) =>
            _received.Where(r => r.Path == path).Select(r => System.Text.Encoding.UTF8.GetString(r.Body));

        public static async Task<FakeOtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new FakeOtlpCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext http) =>
            {
                using var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                collector._received.Enqueue((http.Request.Path.Value!, body.ToArray()));
                http.Response.ContentType = "application/x-protobuf";
                return Results.Ok();
            });
            await app.StartAsync(TestContext.Current.CancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            collector.Address = new Uri(address);
            return collector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
