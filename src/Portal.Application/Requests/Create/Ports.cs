using Portal.Application.Domain;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;

namespace Portal.Application.Requests.Create;

/// <summary>Port: datacenters and private LANs from the IONOS Cloud API, for the network step.</summary>
public interface INetworkCatalog
{
    /// <summary>Datacenters whose location belongs to the DBaaS region (de-txl serves de/txl, de-fra serves de/fra and de/fra/2, ...).</summary>
    Task<IReadOnlyList<DatacenterOption>> GetDatacentersAsync(string region, CancellationToken cancellationToken);

    /// <summary>Only private LANs (public LANs cannot host a database).</summary>
    Task<IReadOnlyList<LanOption>> GetPrivateLansAsync(string datacenterId, CancellationToken cancellationToken);
}

public sealed record DatacenterOption(string Id, string Name, string Location);

public sealed record LanOption(string Id, string Name);

/// <summary>Port: is a cluster name free in a region? Checks the region's clusters in IONOS and the open requests.</summary>
public interface IClusterNameAvailability
{
    Task<NameAvailability> CheckAsync(string region, string name, CancellationToken cancellationToken);
}

/// <summary><see cref="Reason"/> says why a name is taken ("a cluster named ... exists in de-txl", "request ... is open").</summary>
public sealed record NameAvailability(bool IsAvailable, string? Reason)
{
    public static NameAvailability Available { get; } = new(true, null);
}

/// <summary>Port: the per-user wizard draft (never a password).</summary>
public interface IWizardDraftStore
{
    Task<CreateClusterDraft?> LoadAsync(string userId, CancellationToken cancellationToken);

    Task SaveAsync(string userId, CreateClusterDraft draft, CancellationToken cancellationToken);

    Task DeleteAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Port: encrypts a secret for storage (ASP.NET Core Data Protection); the plaintext never reaches a table.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string ciphertext);
}

/// <summary>Port: the exact JSON body that will be sent to IONOS for a create, with the password masked.</summary>
public interface IClusterPayloadPreview
{
    string RenderCreateBody(ClusterSpec spec);
}

/// <summary>Port: the teams a person belongs to (rows created on first use from the person's team claims).</summary>
public interface ITeamDirectory
{
    Task<IReadOnlyList<TeamOption>> GetTeamsAsync(PortalUser user, CancellationToken cancellationToken);
}

/// <summary>Port: cluster requests and what is written with them, in one transaction.</summary>
public interface IClusterRequestStore
{
    /// <summary>
    /// Saves a new request, its pending secret (if any) and the audit entry for it atomically; the audit entry is
    /// chained to the previous one inside the same transaction.
    /// </summary>
    Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken);

    Task<ClusterRequest?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Requests of the given teams, newest first.</summary>
    Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken);
}

/// <summary>What happened, before it becomes a hash-chained <see cref="AuditEntry"/>. <see cref="Details"/> is already redacted.</summary>
public sealed record AuditEvent(
    DateTimeOffset OccurredAt,
    Actor Actor,
    string Action,
    string TargetType,
    string TargetId,
    Guid? TeamId,
    string? Region,
    string CorrelationId,
    string Details);
