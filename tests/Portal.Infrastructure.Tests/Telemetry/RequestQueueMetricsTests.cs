using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain.Requests;
using Portal.Infrastructure.Telemetry;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Telemetry;

/// <summary>
/// The request gauges read from a real database: counts by status and the executor's queue (claimable, due, lease
/// free), with the queue's age growing on the clock between samples. One test per class: the fixture's database is
/// the class's own, and the gauges count every row in it.
/// </summary>
public abstract class RequestQueueMetricsTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gauges_RequestsInSeveralStates_CountByStatusAndAgeTheMostOverdueClaimableRequest()
    {
        var now = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        await using (var context = fixture.CreateContext())
        {
            var team = TestData.Team(now.AddDays(-1));
            context.Teams.Add(team);
            ClusterRequest Submit() => ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), now.AddHours(-1));
            var pending = new[] { Submit(), Submit() };
            var overdue = Submit();
            overdue.Approve(TestData.Bob, null, now.AddMinutes(-10));
            var recent = Submit();
            recent.Approve(TestData.Bob, null, now.AddMinutes(-1));
            var leased = Submit();
            leased.Approve(TestData.Bob, null, now.AddMinutes(-30));
            Assert.True(leased.TryAcquireLease("executor-b", now.AddMinutes(-1), now.AddMinutes(1)));
            var rejected = Submit();
            rejected.Reject(TestData.Bob, "not now", now.AddMinutes(-5));
            context.ClusterRequests.AddRange([.. pending, overdue, recent, leased, rejected]);
            await context.SaveChangesAsync(Ct);
        }

        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var sampler = new RequestQueueSampler(fixture.ContextFactory(), clock, Options.Create(new TelemetryOptions()), NullLogger<RequestQueueSampler>.Instance);
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        _ = new PortalMetrics(meterFactory, sampler);
        using var requests = new MetricCollector<long>(meterFactory, PortalMetrics.MeterName, PortalMetrics.RequestsInstrument);
        using var queueLength = new MetricCollector<long>(meterFactory, PortalMetrics.MeterName, PortalMetrics.QueueLengthInstrument);
        using var queueAge = new MetricCollector<double>(meterFactory, PortalMetrics.MeterName, PortalMetrics.QueueAgeInstrument);

        var sample = await sampler.SampleAsync(Ct);
        requests.RecordObservableInstruments();
        queueLength.RecordObservableInstruments();
        queueAge.RecordObservableInstruments();

        Assert.Equal(2, sample.DueCount);
        var byStatus = requests.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["status"]!, m => m.Value);
        Assert.Equal(Enum.GetNames<ClusterRequestStatus>().Order(), byStatus.Keys.Order());
        Assert.Equal((2, 3, 1, 0), (byStatus["PendingApproval"], byStatus["Approved"], byStatus["Rejected"], byStatus["Completed"]));
        Assert.Equal(2, queueLength.LastMeasurement!.Value);
        Assert.Equal(600, queueAge.LastMeasurement!.Value, precision: 3);

        // Nobody claims it: the age keeps growing between samples.
        clock.Advance(TimeSpan.FromSeconds(15));
        queueAge.RecordObservableInstruments();
        Assert.Equal(615, queueAge.LastMeasurement!.Value, precision: 3);
    }
}

public sealed class SqliteRequestQueueMetricsTests(SqliteDatabaseFixture fixture)
    : RequestQueueMetricsTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlRequestQueueMetricsTests(PostgreSqlDatabaseFixture fixture)
    : RequestQueueMetricsTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;
