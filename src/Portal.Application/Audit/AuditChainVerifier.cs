using Portal.Application.Domain.Audit;

namespace Portal.Application.Audit;

/// <summary>
/// Walks the whole chain in sequence order, a batch at a time, and reports the first sealed entry that does not hold: its
/// content no longer matches its hash (edited), its predecessor hash is not the hash of the entry before it (an entry
/// deleted, inserted or reordered), or its sequence skips a number. Then counts the entries not sealed yet: normal for a
/// moment after a commit, a problem when one is older than <see cref="SealOverdueAfter"/> (the sealer should have taken
/// it; an unsealed entry is not protected by the chain). Memory stays at one batch whatever the size of the log.
/// </summary>
public sealed class AuditChainVerifier(IAuditLogReader reader, TimeProvider timeProvider)
{
    public const int DefaultBatchSize = 1000;

    /// <summary>An entry still unsealed this long after it occurred is reported: the sealer seals within seconds.</summary>
    public static readonly TimeSpan SealOverdueAfter = TimeSpan.FromMinutes(1);

    public async Task<AuditChainVerification> VerifyAsync(
        IProgress<AuditChainProgress>? progress = null,
        int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var expectedTotal = await reader.CountAllAsync(cancellationToken);
        var previousHash = AuditEntry.GenesisHash;
        AuditEntry? previous = null;
        long checkedCount = 0;
        progress?.Report(new AuditChainProgress(0, expectedTotal));

        while (true)
        {
            var batch = await reader.ReadChainAsync(previous?.Sequence ?? 0, batchSize, cancellationToken);
            foreach (var entry in batch)
            {
                if (Check(entry, previousHash, previous) is { } broken)
                {
                    return AuditChainVerification.Broken(checkedCount + 1, broken) with { Unsealed = await UnsealedAsync(cancellationToken) };
                }

                checkedCount++;
                previousHash = entry.Hash!;
                previous = entry;
            }

            progress?.Report(new AuditChainProgress(checkedCount, Math.Max(expectedTotal, checkedCount)));
            if (batch.Count < batchSize)
            {
                return AuditChainVerification.Intact(checkedCount) with { Unsealed = await UnsealedAsync(cancellationToken) };
            }
        }
    }

    private Task<AuditUnsealed> UnsealedAsync(CancellationToken cancellationToken) =>
        reader.CountUnsealedAsync(timeProvider.GetUtcNow() - SealOverdueAfter, cancellationToken);

    private static AuditChainBreak? Check(AuditEntry entry, string expectedPreviousHash, AuditEntry? previous)
    {
        var previousId = previous?.Id;

        // Content first: an edited entry is named as edited, not as the link after it.
        if (!entry.HasValidHash())
        {
            return new AuditChainBreak(entry.Id, AuditChainProblem.ContentChanged, previousId,
                $"Entry {entry.Id} ({entry.Action}, sequence {entry.Sequence}) was changed after it was written: its content no longer matches its hash.");
        }

        var before = previous is not null ? $"entry {previous.Id} (sequence {previous.Sequence})" : "the start of the log";
        if (!string.Equals(entry.PreviousHash, expectedPreviousHash, StringComparison.Ordinal))
        {
            return new AuditChainBreak(entry.Id, AuditChainProblem.LinkBroken, previousId,
                $"Entry {entry.Id} ({entry.Action}, sequence {entry.Sequence}) does not follow {before}: an entry before it was deleted, inserted or the entries were reordered.");
        }

        var expectedSequence = (previous?.Sequence ?? 0) + 1;
        if (entry.Sequence != expectedSequence)
        {
            return new AuditChainBreak(entry.Id, AuditChainProblem.LinkBroken, previousId,
                $"Entry {entry.Id} ({entry.Action}) has sequence {entry.Sequence} but follows {before}: sequence {expectedSequence} is missing or the sequences were changed.");
        }

        return null;
    }
}

/// <summary>What is wrong with the first broken entry.</summary>
public enum AuditChainProblem
{
    /// <summary>The entry's content no longer matches its own hash: it was edited.</summary>
    ContentChanged,

    /// <summary>The entry's predecessor hash is not the hash of the entry before it: deleted, inserted or reordered entries.</summary>
    LinkBroken,
}

/// <summary>The first entry where the chain does not hold, and the entry before it (null when it is the first).</summary>
public sealed record AuditChainBreak(long EntryId, AuditChainProblem Problem, long? PreviousEntryId, string Description);

/// <summary>Progress of a verification: entries checked so far out of those the log held when it started.</summary>
public sealed record AuditChainProgress(long Checked, long Total);

/// <summary>
/// The verifier's answer: intact, or the first break; <see cref="EntriesChecked"/> counts the sealed entries read, the broken
/// one included. <see cref="Unsealed"/> counts the entries not in the chain yet; <see cref="SealingOverdue"/> flags those the
/// sealer should have taken long ago.
/// </summary>
public sealed record AuditChainVerification(bool IsIntact, long EntriesChecked, AuditChainBreak? FirstBreak)
{
    public AuditUnsealed Unsealed { get; init; } = new(0, 0);

    /// <summary>Some entries have stayed unsealed longer than <see cref="AuditChainVerifier.SealOverdueAfter"/>: is the sealer running?</summary>
    public bool SealingOverdue => Unsealed.Overdue > 0;

    public static AuditChainVerification Intact(long entriesChecked) => new(true, entriesChecked, null);

    public static AuditChainVerification Broken(long entriesChecked, AuditChainBreak firstBreak) => new(false, entriesChecked, firstBreak);
}
