using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Approvals;

/// <summary>Port: the approval queue and the decisions on it, each written with its audit entry in one transaction.</summary>
/// <remarks>
/// Kept apart from <see cref="IClusterRequestStore"/> (which the same adapter implements) so the submit path and its
/// fakes stay as they are.
/// </remarks>
public interface IRequestDecisionStore
{
    /// <summary>Requests waiting for a decision, oldest first.</summary>
    Task<IReadOnlyList<ClusterRequest>> ListPendingAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a changed request (optimistic concurrency on <see cref="ClusterRequest.Version"/>) with its audit entry, and
    /// deletes its pending secret in the same transaction when <paramref name="deletePendingSecret"/>.
    /// </summary>
    /// <exception cref="RequestChangedConcurrentlyException">Someone else changed the request since it was read; nothing was saved.</exception>
    Task UpdateAsync(ClusterRequest request, AuditEvent audit, bool deletePendingSecret, CancellationToken cancellationToken);
}

/// <summary>The request was changed by someone else since it was read (for example, another DBA decided it); nothing was saved.</summary>
public sealed class RequestChangedConcurrentlyException : Exception
{
    public RequestChangedConcurrentlyException()
        : this("The request was changed by someone else in the meantime.")
    {
    }

    public RequestChangedConcurrentlyException(string message)
        : base(message)
    {
    }

    public RequestChangedConcurrentlyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestChangedConcurrentlyException(Guid requestId, Exception innerException)
        : base($"Request {requestId} was changed by someone else in the meantime.", innerException)
    {
    }
}
