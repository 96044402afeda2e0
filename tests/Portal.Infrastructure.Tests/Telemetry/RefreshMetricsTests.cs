using System.Diagnostics.Metrics;
using Ionos.Emulator;
using Ionos.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Refresh;
using Portal.Infrastructure.Telemetry;
using Portal.Infrastructure.Tests.Refresh;

namespace Portal.Infrastructure.Tests.Telemetry;

/// <summary>The refresher records one duration per region and cycle, tagged with the outcome (real emulator, real PostgreSQL).</summary>
public sealed class RefreshMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefreshOnce_OneRegionFailing_RecordsADurationPerRegionWithItsOutcome()
    {
        await using var harness = await RefreshHarness.StartAsync();
        await harness.CreateClustersAsync(RefreshHarness.Frankfurt, 3);
        harness.Emulator.Faults.Add(new FaultRule { Method = "GET", Path = "/clusters", Region = RefreshHarness.Berlin, Status = 500 });
        await using var services = Services(harness);
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        var metrics = services.GetRequiredService<PortalMetrics>();
        using var durations = new MetricCollector<double>(meterFactory, PortalMetrics.MeterName, PortalMetrics.RefreshDurationInstrument);
        await using var refresher = new ClusterStateRefresher(
            services.GetRequiredService<IIonosPostgresClientFactory>(),
            harness.Database.ContextFactory(),
            harness.Feed,
            new SingleReplicaLease(),
            harness.Clock,
            services.GetRequiredService<IOptionsMonitor<ClusterRefreshOptions>>(),
            NullLogger<ClusterStateRefresher>.Instance,
            metrics);

        var report = await refresher.RefreshOnceAsync(Ct);

        Assert.NotNull(report!.For(RefreshHarness.Berlin)!.Error);
        var byRegion = durations.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["ionos.region"]!);
        Assert.Equal(2, byRegion.Count);
        Assert.Equal("ok", byRegion[RefreshHarness.Frankfurt].Tags["outcome"]);
        Assert.Equal("failed", byRegion[RefreshHarness.Berlin].Tags["outcome"]);
        Assert.All(byRegion.Values, m => Assert.True(m.Value >= 0));
    }

    private static ServiceProvider Services(RefreshHarness harness)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ionos:Token"] = "test-token",
            ["Ionos:Regions:0:Code"] = RefreshHarness.Berlin,
            ["Ionos:Regions:0:BaseUrl"] = harness.Emulator.RegionAddress(RefreshHarness.Berlin).ToString(),
            ["Ionos:Regions:1:Code"] = RefreshHarness.Frankfurt,
            ["Ionos:Regions:1:BaseUrl"] = harness.Emulator.RegionAddress(RefreshHarness.Frankfurt).ToString(),
            ["Ionos:MaxRetryAttempts"] = "0",
            ["Portal:Refresh:PageSize"] = "1000",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPortalIonosAdapters(configuration);
        services.AddOptions<ClusterRefreshOptions>().Bind(configuration.GetSection(ClusterRefreshOptions.SectionName));
        services.AddSingleton(harness.Database.ContextFactory());
        services.AddPortalMetrics(configuration);
        return services.BuildServiceProvider();
    }
}
