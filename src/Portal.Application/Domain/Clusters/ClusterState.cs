namespace Portal.Application.Domain.Clusters;

/// <summary>A cluster's IONOS state. Unknown values map to <see cref="Unknown"/> instead of failing a whole read.</summary>
public enum ClusterState
{
    Unknown = 0,
    Provisioning = 1,
    Available = 2,
    Updating = 3,
    Destroying = 4,
    Failed = 5,
}

public static class ClusterStates
{
    /// <summary>Maps the API's state string; the early-access name PROVISIONED means ready, like AVAILABLE.</summary>
    public static ClusterState FromIonos(string? raw) => raw?.Trim().ToUpperInvariant() switch
    {
        "PROVISIONING" => ClusterState.Provisioning,
        "AVAILABLE" or "PROVISIONED" => ClusterState.Available,
        "UPDATING" => ClusterState.Updating,
        "DESTROYING" => ClusterState.Destroying,
        "FAILED" => ClusterState.Failed,
        _ => ClusterState.Unknown,
    };

    public static bool IsTransitional(this ClusterState state) =>
        state is ClusterState.Provisioning or ClusterState.Updating or ClusterState.Destroying;
}
