using System.Diagnostics.Metrics;
using Ionos.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Ionos.Emulator.Tests;

/// <summary>
/// The client's own meter, read with a <see cref="MetricCollector{T}"/> bound to the provider's meter factory (so tests
/// running side by side never see each other's measurements), while the client talks real HTTP to the emulator.
/// </summary>
public sealed class ClientMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_AnsweredByTheEmulator_RecordsDurationWithRegionMethodTemplateAndStatus()
    {
        await using var env = await MetricsEnvironment.StartAsync();
        using var duration = env.Collector<double>(IonosClientMetrics.DurationInstrument);
        using var errors = env.Collector<long>(IonosClientMetrics.ErrorsInstrument);

        await env.Client("de-fra").ListVersionsAsync(cancellationToken: Ct);

        var measurement = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.True(measurement.Value >= 0);
        Assert.Equal("de-fra", measurement.Tags["ionos.region"]);
        Assert.Equal("GET", measurement.Tags["http.request.method"]);
        Assert.Equal(200, measurement.Tags["http.response.status_code"]);
        Assert.EndsWith("/versions", (string)measurement.Tags["url.template"]!, StringComparison.Ordinal);
        Assert.False(measurement.ContainsTags("error.type"));
        Assert.Empty(errors.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task GetCluster_UnknownId_CountsAnErrorByStatusWithTheIdTemplated()
    {
        await using var env = await MetricsEnvironment.StartAsync();
        using var errors = env.Collector<long>(IonosClientMetrics.ErrorsInstrument);

        await Assert.ThrowsAsync<IonosApiException>(() => env.Client("de-txl").GetClusterAsync(Guid.NewGuid().ToString(), Ct));

        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(1, error.Value);
        Assert.Equal(404, error.Tags["http.response.status_code"]);
        Assert.Equal("404", error.Tags["error.type"]);
        Assert.Equal("/clusters/{id}", error.Tags["url.template"]);
    }

    [Fact]
    public async Task Get_ServerErrorThenSuccess_RecordsEveryAttemptOfTheRetry()
    {
        await using var env = await MetricsEnvironment.StartAsync();
        env.Emulator.Server.Faults.Add(new FaultRule { Method = "GET", Path = "/versions", Status = 503, Times = 1 });
        using var duration = env.Collector<double>(IonosClientMetrics.DurationInstrument);
        using var errors = env.Collector<long>(IonosClientMetrics.ErrorsInstrument);

        await env.Client("de-txl").ListVersionsAsync(cancellationToken: Ct);

        Assert.Equal([503, 200], duration.GetMeasurementSnapshot().Select(m => (int)m.Tags["http.response.status_code"]!));
        Assert.Equal(503, Assert.Single(errors.GetMeasurementSnapshot()).Tags["http.response.status_code"]);
    }

    [Theory]
    [InlineData("/clusters", "/clusters")]
    [InlineData("/clusters/498ae72f-411f-11eb-9d07-046c59cc737e", "/clusters/{id}")]
    [InlineData("/de-fra/clusters/498ae72f-411f-11eb-9d07-046c59cc737e/backups", "/de-fra/clusters/{id}/backups")]
    [InlineData("/v2/versions", "/v2/versions")]
    [InlineData("", "/")]
    public void PathTemplate_ReplacesIdsOnly(string path, string expected) =>
        Assert.Equal(expected, IonosClientMetrics.PathTemplate(path));

    private sealed class MetricsEnvironment : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private MetricsEnvironment(EmulatorHarness emulator, ServiceProvider services)
        {
            Emulator = emulator;
            _services = services;
        }

        public EmulatorHarness Emulator { get; }

        public IonosPostgresClient Client(string region) => _services.GetRequiredService<IIonosPostgresClientFactory>().GetClient(region);

        public MetricCollector<T> Collector<T>(string instrument)
            where T : struct =>
            new(_services.GetRequiredService<IMeterFactory>(), IonosClientMetrics.MeterName, instrument);

        public static async Task<MetricsEnvironment> StartAsync()
        {
            var emulator = await EmulatorHarness.StartAsync();
            var services = new ServiceCollection()
                .AddLogging()
                .AddIonosPostgreSql(o =>
                {
                    o.Regions.Add(new IonosRegionOptions { Code = "de-txl", BaseUrl = emulator.Server.BaseAddress });
                    o.Regions.Add(new IonosRegionOptions { Code = "de-fra", BaseUrl = emulator.Server.RegionAddress("de-fra") });
                    o.Token = "test-token";
                    o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
                    o.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
                })
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            return new MetricsEnvironment(emulator, services);
        }

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await Emulator.DisposeAsync();
        }
    }
}
