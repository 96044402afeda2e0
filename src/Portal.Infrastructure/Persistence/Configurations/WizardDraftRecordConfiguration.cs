using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class WizardDraftRecordConfiguration : IEntityTypeConfiguration<WizardDraftRecord>
{
    public void Configure(EntityTypeBuilder<WizardDraftRecord> builder)
    {
        builder.ToTable("WizardDrafts");
        builder.HasKey(d => d.UserId);
        builder.Property(d => d.UserId).HasMaxLength(TeamMembership.UserIdMaxLength).ValueGeneratedNever();

        // Text, not jsonb: it is only ever read whole by the portal, and a draft from an older version must still load.
        builder.Property(d => d.Json).IsRequired();
    }
}
