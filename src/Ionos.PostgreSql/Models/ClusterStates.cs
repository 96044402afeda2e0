namespace Ionos.PostgreSql.Models;

/// <summary>Maps between <see cref="ClusterState"/> and the contract's <c>PostgresClusterStates</c> strings.</summary>
public static class ClusterStates
{
    /// <summary>
    /// Parses <c>metadata.state</c>. <c>PROVISIONED</c> (early-access name of the ready state) maps to
    /// <see cref="ClusterState.Available"/>; anything unknown, empty or missing maps to <see cref="ClusterState.Unknown"/>.
    /// </summary>
    public static ClusterState Parse(string? raw) => raw?.Trim().ToUpperInvariant() switch
    {
        "PROVISIONING" => ClusterState.Provisioning,
        "AVAILABLE" or "PROVISIONED" => ClusterState.Available,
        "UPDATING" => ClusterState.Updating,
        "DESTROYING" => ClusterState.Destroying,
        "FAILED" => ClusterState.Failed,
        _ => ClusterState.Unknown,
    };

    /// <summary>The contract string for a state (used by <c>filter.state</c>); null for <see cref="ClusterState.Unknown"/>.</summary>
    public static string? ToWire(ClusterState state) => state switch
    {
        ClusterState.Provisioning => "PROVISIONING",
        ClusterState.Available => "AVAILABLE",
        ClusterState.Updating => "UPDATING",
        ClusterState.Destroying => "DESTROYING",
        ClusterState.Failed => "FAILED",
        _ => null,
    };
}
