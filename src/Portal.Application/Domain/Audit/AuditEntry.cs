namespace Portal.Application.Domain.Audit;

/// <summary>
/// One append-only audit record. Each entry carries the hash of its predecessor and its own hash over its
/// content (<see cref="AuditHash"/>), so editing, deleting or reordering entries is detectable.
/// Nothing updates or deletes an entry; the persistence layer refuses to.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>The <see cref="PreviousHash"/> of the first entry of a chain.</summary>
    public static readonly string GenesisHash = new('0', 64);

    // For the persistence layer.
    private AuditEntry()
    {
        ActorId = null!;
        ActorName = null!;
        Action = null!;
        TargetType = null!;
        TargetId = null!;
        CorrelationId = null!;
        Details = null!;
        PreviousHash = null!;
        Hash = null!;
    }

    /// <summary>
    /// A new entry. <c>details</c> is redacted JSON (the caller removes secrets before it gets here; "{}" when
    /// there is nothing to add); <c>previousHash</c> is the hash of the preceding entry, or <see cref="GenesisHash"/>.
    /// </summary>
    public AuditEntry(
        DateTimeOffset occurredAt,
        Actor actor,
        string action,
        string targetType,
        string targetId,
        Guid? teamId,
        string? region,
        string correlationId,
        string details,
        string previousHash)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetType);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetId);
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId);
        ArgumentNullException.ThrowIfNull(details);
        if (!AuditHash.IsWellFormed(previousHash))
        {
            throw new ArgumentException("The previous hash must be 64 lowercase hex characters.", nameof(previousHash));
        }

        OccurredAt = UtcTime.Normalize(occurredAt);
        ActorId = actor.Id;
        ActorName = actor.DisplayName;
        Action = action;
        TargetType = targetType;
        TargetId = targetId;
        TeamId = teamId;
        Region = region;
        CorrelationId = correlationId;
        Details = details;
        PreviousHash = previousHash;
        Hash = AuditHash.Compute(this);
    }

    /// <summary>Position in the chain, assigned by the database in insert order.</summary>
    public long Id { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string ActorId { get; private set; }

    public string ActorName { get; private set; }

    /// <summary>What happened, dotted lowercase (for example <c>request.submitted</c>).</summary>
    public string Action { get; private set; }

    /// <summary>What it happened to (for example <c>ClusterRequest</c>, <c>Cluster</c>).</summary>
    public string TargetType { get; private set; }

    public string TargetId { get; private set; }

    public Guid? TeamId { get; private set; }

    public string? Region { get; private set; }

    public string CorrelationId { get; private set; }

    /// <summary>Redacted JSON. Stored as text, byte for byte, because the hash covers it (jsonb would re-format it).</summary>
    public string Details { get; private set; }

    public string PreviousHash { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the canonical form of this entry (<see cref="AuditHash.Compute(AuditEntry)"/>).</summary>
    public string Hash { get; private set; }

    /// <summary>True when the stored hash still matches the content (false after tampering).</summary>
    public bool HasValidHash() => string.Equals(Hash, AuditHash.Compute(this), StringComparison.Ordinal);
}
