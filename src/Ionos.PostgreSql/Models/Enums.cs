namespace Ionos.PostgreSql.Models;

/// <summary>Cluster state read tolerantly from <c>metadata.state</c>.</summary>
public enum ClusterState
{
    /// <summary>Missing, empty or a value this client does not know (e.g. v1's <c>BUSY</c>).</summary>
    Unknown = 0,
    Provisioning,
    /// <summary>Ready. The early-access name <c>PROVISIONED</c> also maps here.</summary>
    Available,
    Updating,
    Destroying,
    /// <summary>May be transient; <c>metadata.statusMessage</c> says why.</summary>
    Failed,
}

/// <summary>Wire values <c>ASYNCHRONOUS</c> and <c>STRICTLY_SYNCHRONOUS</c>.</summary>
public enum ReplicationMode
{
    Asynchronous,
    /// <summary>Only for clusters with at least 3 instances.</summary>
    StrictlySynchronous,
}

/// <summary>Wire values <c>DISABLED</c>, <c>TRANSACTION</c>, <c>SESSION</c>.</summary>
public enum ConnectionPooler
{
    Disabled,
    Transaction,
    Session,
}
