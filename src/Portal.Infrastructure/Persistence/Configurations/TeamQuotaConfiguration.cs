using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Policies;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class TeamQuotaConfiguration : IEntityTypeConfiguration<TeamQuota>
{
    public void Configure(EntityTypeBuilder<TeamQuota> builder)
    {
        builder.ToTable("TeamQuotas");
        builder.HasKey(q => q.TeamId);
        builder.Property(q => q.TeamId).ValueGeneratedNever();
        builder.Property(q => q.UpdatedById).HasMaxLength(TeamMembership.UserIdMaxLength).IsRequired();
        builder.Property(q => q.UpdatedByName).HasMaxLength(200).IsRequired();
        builder.HasOne<Team>().WithOne().HasForeignKey<TeamQuota>(q => q.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
