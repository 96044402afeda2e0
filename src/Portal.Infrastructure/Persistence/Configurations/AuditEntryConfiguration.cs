using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string UnsealedIndexName = "IX_AuditEntries_Unsealed";

    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.ActorId).HasMaxLength(TeamMembership.UserIdMaxLength).IsRequired();
        builder.Property(a => a.ActorName).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(64).IsRequired();
        builder.Property(a => a.TargetType).HasMaxLength(64).IsRequired();
        builder.Property(a => a.TargetId).HasMaxLength(128).IsRequired();
        builder.Property(a => a.Region).HasMaxLength(32);
        builder.Property(a => a.CorrelationId).HasMaxLength(128).IsRequired();

        // Plain text, not jsonb: the hash covers the exact characters.
        builder.Property(a => a.Details).IsRequired();
        // The seal (AuditSealer): null until the entry is sealed, then set once. The chain is walked by Sequence.
        builder.Property(a => a.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.Hash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(a => a.Sequence).IsUnique();
        // Only the unsealed entries, in Id order: the sealer's "next batch" reads this and nothing else, so its cost is
        // O(unsealed) whatever the size of the log.
        builder.HasIndex(a => a.Id, UnsealedIndexName).HasFilter("\"Sequence\" IS NULL");

        // No foreign keys: the log outlives what it talks about. Indexes for the audit page's filters.
        builder.HasIndex(a => a.OccurredAt);
        // In the audit page's order (newest first, Id as tie-break), so a page for one actor is read straight off the index
        // and stopped after the page, with no sort of the actor's entries.
        builder.HasIndex(a => new { a.ActorId, a.OccurredAt, a.Id }).IsDescending(false, true, true);
        // The actor filter lists the distinct (actor id, display name) pairs off this index (a loose index scan, one probe per
        // pair) and matches "contains" on them, instead of reading every entry's actor columns. Small: the pairs repeat.
        builder.HasIndex(a => new { a.ActorId, a.ActorName });
        builder.HasIndex(a => new { a.Action, a.OccurredAt });
        builder.HasIndex(a => new { a.TeamId, a.OccurredAt });
        builder.HasIndex(a => a.TargetId);                              // the audit page filters by cluster id without the type

        // Every index is written by every append: none on (TargetType, TargetId) or CorrelationId, which no query filters by
        // (dropped by migration AuditAppendIndexes; the TargetId index serves a target's entries).
    }
}
