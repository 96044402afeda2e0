namespace Portal.Application.Domain.Requests;

/// <summary>IONOS <c>replicationMode</c>. STRICTLY_SYNCHRONOUS needs at least 3 instances.</summary>
public enum ReplicationMode
{
    Asynchronous = 0,
    StrictlySynchronous = 1,
}
