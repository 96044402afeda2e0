namespace Portal.Application.Domain.Audit;

/// <summary>
/// One append-only audit record. Appending and chaining are two steps, as in a transparency log:
/// <list type="bullet">
/// <item>an entry is written <b>unsealed</b> in the transaction of the change it describes (<see cref="Sequence"/>,
/// <see cref="PreviousHash"/> and <see cref="Hash"/> all null), so appending takes no lock and reads nothing;</item>
/// <item>once committed, the sealer <b>seals</b> it exactly once (<see cref="Seal"/>): it gets the next
/// <see cref="Sequence"/>, the hash of the entry with the sequence before it as <see cref="PreviousHash"/> (or
/// <see cref="GenesisHash"/> for sequence 1) and its own <see cref="Hash"/> over its content and that predecessor
/// (<see cref="AuditHash"/>).</item>
/// </list>
/// Invariant: the three seal fields are either all null or all set; sealed sequences run 1, 2, 3, … without a gap. The chain
/// order is <see cref="Sequence"/>, not <see cref="Id"/>: an entry whose transaction committed late is sealed after entries
/// with higher ids. Editing, deleting or reordering sealed entries is detectable; nothing updates or deletes an entry except
/// the sealer filling in the seal of an unsealed one (the persistence layer refuses every other change).
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
    }

    /// <summary>
    /// A new, unsealed entry. <c>details</c> is redacted JSON (the caller removes secrets before it gets here; "{}" when
    /// there is nothing to add).
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
        string details)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetType);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetId);
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId);
        ArgumentNullException.ThrowIfNull(details);

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
    }

    /// <summary>Identity of the row, assigned by the database in insert order. Not the chain order (see <see cref="Sequence"/>).</summary>
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

    /// <summary>Position in the chain (1, 2, 3, …), given by the sealer; null while the entry is unsealed.</summary>
    public long? Sequence { get; private set; }

    /// <summary>The hash of the entry with the sequence before this one (<see cref="GenesisHash"/> for the first); null while unsealed.</summary>
    public string? PreviousHash { get; private set; }

    /// <summary>Lowercase hex SHA-256 of the canonical form of this entry (<see cref="AuditHash.Compute(AuditEntry)"/>); null while unsealed.</summary>
    public string? Hash { get; private set; }

    /// <summary>True once the sealer has put the entry into the chain.</summary>
    public bool IsSealed => Sequence is not null;

    /// <summary>
    /// Puts this entry into the chain at <paramref name="sequence"/>, after the entry whose hash is
    /// <paramref name="previousHash"/>, and computes its hash. Once only.
    /// </summary>
    public void Seal(long sequence, string previousHash)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequence);
        if (!AuditHash.IsWellFormed(previousHash))
        {
            throw new ArgumentException("The previous hash must be 64 lowercase hex characters.", nameof(previousHash));
        }

        if (IsSealed)
        {
            throw new InvalidOperationException($"Audit entry {Id} is sealed already (sequence {Sequence}); an entry is sealed once.");
        }

        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = AuditHash.Compute(this);
    }

    /// <summary>True when the entry is sealed and its stored hash still matches its content (false after tampering, and while unsealed).</summary>
    public bool HasValidHash() => IsSealed && string.Equals(Hash, AuditHash.Compute(this), StringComparison.Ordinal);
}
