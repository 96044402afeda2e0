using System.Diagnostics;
using System.Diagnostics.Metrics;
using Portal.Application.Domain.Requests;

namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// The portal's own meter <see cref="MeterName"/>. Instruments a background service or the host records into
/// (refresh duration, executor rounds, active circuits), and observable gauges read from the last
/// <see cref="RequestQueueSampler"/> sample (requests by status, the executor's queue length and age), so an exporter's
/// collection never waits on the database.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "PgPortal";
    public const string RequestsInstrument = "pgportal.requests";
    public const string QueueLengthInstrument = "pgportal.executor.queue.length";
    public const string QueueAgeInstrument = "pgportal.executor.queue.age";
    public const string ExecutorRoundsInstrument = "pgportal.executor.rounds";
    public const string ExecutorClaimedInstrument = "pgportal.executor.claimed";
    public const string RefreshDurationInstrument = "pgportal.refresh.duration";
    public const string ActiveCircuitsInstrument = "pgportal.circuits.active";

    private readonly Histogram<double> _refreshDuration;
    private readonly Counter<long> _executorRounds;
    private readonly Counter<long> _executorClaimed;
    private readonly UpDownCounter<long> _activeCircuits;

    public PortalMetrics(IMeterFactory meterFactory, RequestQueueSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(sampler);
        var meter = meterFactory.Create(MeterName);

        meter.CreateObservableGauge(RequestsInstrument, () => RequestsByStatus(sampler.Observe()), unit: "{request}",
            description: "Cluster requests by status (last sample of the database).");
        meter.CreateObservableGauge(QueueLengthInstrument, () => QueueLength(sampler.Observe()),
            unit: "{request}", description: "Requests the executor owes work to and that are due now (claimable).");
        meter.CreateObservableGauge(QueueAgeInstrument, () => QueueAge(sampler, sampler.Observe()),
            unit: "s", description: "How long the most overdue claimable request has waited (0 when none is due).");

        _refreshDuration = meter.CreateHistogram(RefreshDurationInstrument, unit: "s",
            description: "Duration of refreshing one IONOS region (all its list pages and the database write).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
        _executorRounds = meter.CreateCounter<long>(ExecutorRoundsInstrument, unit: "{round}",
            description: "Executor rounds by outcome (ok, failed).");
        _executorClaimed = meter.CreateCounter<long>(ExecutorClaimedInstrument, unit: "{request}",
            description: "Requests claimed by this replica's executor.");
        _activeCircuits = meter.CreateUpDownCounter<long>(ActiveCircuitsInstrument, unit: "{circuit}",
            description: "Blazor Server circuits open on this replica.");
    }

    /// <summary>One region's refresh took <paramref name="elapsed"/>; <paramref name="succeeded"/> false when it failed.</summary>
    public void RegionRefreshed(string region, TimeSpan elapsed, bool succeeded) =>
        _refreshDuration.Record(elapsed.TotalSeconds, new TagList { { "ionos.region", region }, { "outcome", succeeded ? "ok" : "failed" } });

    /// <summary>One executor round ended: <paramref name="claimed"/> requests, or null when the round failed.</summary>
    public void ExecutorRound(int? claimed)
    {
        _executorRounds.Add(1, new KeyValuePair<string, object?>("outcome", claimed is null ? "failed" : "ok"));
        if (claimed > 0)
        {
            _executorClaimed.Add(claimed.Value);
        }
    }

    public void CircuitOpened() => _activeCircuits.Add(1);

    public void CircuitClosed() => _activeCircuits.Add(-1);

    private static IEnumerable<Measurement<long>> QueueLength(RequestQueueSample? sample) =>
        sample is null ? [] : [new Measurement<long>(sample.DueCount)];

    private static IEnumerable<Measurement<double>> QueueAge(RequestQueueSampler sampler, RequestQueueSample? sample) =>
        sample is null ? [] : [new Measurement<double>(sampler.OldestDueAge(sample).TotalSeconds)];

    private static IEnumerable<Measurement<long>> RequestsByStatus(RequestQueueSample? sample)
    {
        if (sample is null)
        {
            yield break;
        }

        // Every status, zeros included, so a series drops to 0 instead of vanishing.
        foreach (var status in Enum.GetValues<ClusterRequestStatus>())
        {
            yield return new Measurement<long>(sample.ByStatus.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", status.ToString()));
        }
    }
}
