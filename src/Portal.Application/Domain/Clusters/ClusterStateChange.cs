namespace Portal.Application.Domain.Clusters;

/// <summary>One observed state transition of a cluster (history shown on the cluster page).</summary>
public sealed class ClusterStateChange
{
    // For the persistence layer.
    private ClusterStateChange()
    {
        Region = null!;
        ClusterId = null!;
    }

    public ClusterStateChange(string region, string clusterId, ClusterState? fromState, ClusterState toState, DateTimeOffset observedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        Region = region;
        ClusterId = clusterId;
        FromState = fromState;
        ToState = toState;
        ObservedAt = UtcTime.Normalize(observedAt);
    }

    public long Id { get; private set; }

    public string Region { get; private set; }

    public string ClusterId { get; private set; }

    /// <summary>Null for the first observation of a cluster.</summary>
    public ClusterState? FromState { get; private set; }

    public ClusterState ToState { get; private set; }

    public DateTimeOffset ObservedAt { get; private set; }
}
