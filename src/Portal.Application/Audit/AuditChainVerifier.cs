using Portal.Application.Domain.Audit;

namespace Portal.Application.Audit;

/// <summary>
/// Walks the whole chain in id order, a batch at a time, and reports the first entry that does not hold: its content no
/// longer matches its hash (edited), or its predecessor hash is not the hash of the entry before it (an entry deleted,
/// inserted or reordered). Memory stays at one batch whatever the size of the log.
/// </summary>
public sealed class AuditChainVerifier(IAuditLogReader reader)
{
    public const int DefaultBatchSize = 1000;

    public async Task<AuditChainVerification> VerifyAsync(
        IProgress<AuditChainProgress>? progress = null,
        int batchSize = DefaultBatchSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var expectedTotal = await reader.CountAllAsync(cancellationToken);
        var previousHash = AuditEntry.GenesisHash;
        long? previousId = null;
        long checkedCount = 0;
        long afterId = 0;
        progress?.Report(new AuditChainProgress(0, expectedTotal));

        while (true)
        {
            var batch = await reader.ReadChainAsync(afterId, batchSize, cancellationToken);
            foreach (var entry in batch)
            {
                if (Check(entry, previousHash, previousId) is { } broken)
                {
                    return AuditChainVerification.Broken(checkedCount + 1, broken);
                }

                checkedCount++;
                previousHash = entry.Hash;
                previousId = entry.Id;
                afterId = entry.Id;
            }

            progress?.Report(new AuditChainProgress(checkedCount, Math.Max(expectedTotal, checkedCount)));
            if (batch.Count < batchSize)
            {
                return AuditChainVerification.Intact(checkedCount);
            }
        }
    }

    private static AuditChainBreak? Check(AuditEntry entry, string expectedPreviousHash, long? previousId)
    {
        // Content first: an edited entry is named as edited, not as the link after it.
        if (!entry.HasValidHash())
        {
            return new AuditChainBreak(entry.Id, AuditChainProblem.ContentChanged, previousId,
                $"Entry {entry.Id} ({entry.Action}) was changed after it was written: its content no longer matches its hash.");
        }

        if (!string.Equals(entry.PreviousHash, expectedPreviousHash, StringComparison.Ordinal))
        {
            var before = previousId is { } id ? $"entry {id}" : "the start of the log";
            return new AuditChainBreak(entry.Id, AuditChainProblem.LinkBroken, previousId,
                $"Entry {entry.Id} ({entry.Action}) does not follow {before}: an entry before it was deleted, inserted or the entries were reordered.");
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

/// <summary>The verifier's answer: intact, or the first break; <see cref="EntriesChecked"/> counts the entries read, the broken one included.</summary>
public sealed record AuditChainVerification(bool IsIntact, long EntriesChecked, AuditChainBreak? FirstBreak)
{
    public static AuditChainVerification Intact(long entriesChecked) => new(true, entriesChecked, null);

    public static AuditChainVerification Broken(long entriesChecked, AuditChainBreak firstBreak) => new(false, entriesChecked, firstBreak);
}
