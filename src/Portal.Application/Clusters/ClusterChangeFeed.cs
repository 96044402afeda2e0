namespace Portal.Application.Clusters;

/// <summary>Open dashboards and cluster pages subscribe here to hear about every completed refresh.</summary>
public interface IClusterChangeFeed
{
    /// <summary>The latest refresh outcome of every region refreshed by this process; null before the first refresh.</summary>
    ClusterRefreshReport? Latest { get; }

    /// <summary>
    /// Calls <paramref name="listener"/> after every refresh (on the refresher's thread: marshal to the UI with
    /// InvokeAsync and return quickly). Dispose the result to unsubscribe.
    /// </summary>
    IDisposable Subscribe(Action<ClusterRefreshReport> listener);
}

/// <summary>The refresher publishes through this port (a singleton shared with <see cref="IClusterChangeFeed"/>).</summary>
public interface IClusterChangeNotifier
{
    void Publish(ClusterRefreshReport report);
}

/// <summary>Asks the refresher to refresh now instead of at the end of its interval (for example right after a POST or PUT).</summary>
public interface IClusterRefreshSignal
{
    void RequestRefresh();
}

/// <summary>The outcome of one refresh cycle.</summary>
/// <param name="CompletedAt">When the cycle ended.</param>
/// <param name="Regions">Every configured region, including those that failed this time.</param>
public sealed record ClusterRefreshReport(DateTimeOffset CompletedAt, IReadOnlyList<RegionRefreshStatus> Regions)
{
    /// <summary>Rows written in this cycle (inserted, changed or marked vanished) over all regions.</summary>
    public int RowsWritten => Regions.Sum(r => r.RowsWritten);

    public bool HasChanges => RowsWritten > 0;

    public RegionRefreshStatus? For(string region) =>
        Regions.FirstOrDefault(r => string.Equals(r.Region, region, StringComparison.Ordinal));
}

/// <summary>How the last refresh of one region went.</summary>
/// <param name="Region">Region code.</param>
/// <param name="LastSuccessAt">When the region was last read completely; null if never (since this process started).</param>
/// <param name="LastAttemptAt">When the region was last tried.</param>
/// <param name="Error">Why the last attempt failed; null when it succeeded.</param>
/// <param name="ClustersSeen">Clusters listed by the last successful attempt.</param>
/// <param name="ListCalls">List calls the last attempt made (one per page of up to 1,000 clusters).</param>
/// <param name="Added">Snapshots inserted by the last attempt.</param>
/// <param name="Changed">Snapshots updated by the last attempt (properties or team changed, or back after vanishing).</param>
/// <param name="Vanished">Snapshots marked vanished by the last attempt.</param>
/// <param name="StateChanges">State transitions recorded by the last attempt.</param>
/// <param name="AnyInTransition">Whether any cluster of the region is provisioning, updating or being destroyed.</param>
public sealed record RegionRefreshStatus(
    string Region,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset LastAttemptAt,
    string? Error,
    int ClustersSeen = 0,
    int ListCalls = 0,
    int Added = 0,
    int Changed = 0,
    int Vanished = 0,
    int StateChanges = 0,
    bool AnyInTransition = false)
{
    /// <summary>The last attempt failed (or none ever succeeded): the region's data may be out of date.</summary>
    public bool IsStale => Error is not null || LastSuccessAt is null;

    public int RowsWritten => Added + Changed + Vanished;
}

/// <summary>
/// The in-process broadcast behind <see cref="IClusterChangeFeed"/> and <see cref="IClusterChangeNotifier"/>.
/// A listener that throws is skipped; it never stops the refresher or the other listeners.
/// </summary>
public sealed class ClusterChangeFeed : IClusterChangeFeed, IClusterChangeNotifier
{
    private readonly Lock _lock = new();
    private readonly List<Action<ClusterRefreshReport>> _listeners = [];
    private ClusterRefreshReport? _latest;

    public ClusterRefreshReport? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    /// <summary>Listeners currently subscribed (for tests and diagnostics).</summary>
    public int ListenerCount
    {
        get
        {
            lock (_lock)
            {
                return _listeners.Count;
            }
        }
    }

    public IDisposable Subscribe(Action<ClusterRefreshReport> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_lock)
        {
            _listeners.Add(listener);
        }

        return new Subscription(this, listener);
    }

    public void Publish(ClusterRefreshReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Action<ClusterRefreshReport>[] listeners;
        lock (_lock)
        {
            _latest = report;
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            try
            {
                listener(report);
            }
            catch (Exception)
            {
                // A broken page must not stop the refresher from telling the others.
            }
        }
    }

    private void Unsubscribe(Action<ClusterRefreshReport> listener)
    {
        lock (_lock)
        {
            _listeners.Remove(listener);
        }
    }

    private sealed class Subscription(ClusterChangeFeed feed, Action<ClusterRefreshReport> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                feed.Unsubscribe(listener);
            }
        }
    }
}
