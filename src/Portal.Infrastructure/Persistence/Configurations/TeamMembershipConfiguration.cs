using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class TeamMembershipConfiguration : IEntityTypeConfiguration<TeamMembership>
{
    public void Configure(EntityTypeBuilder<TeamMembership> builder)
    {
        builder.ToTable("TeamMemberships");

        // One membership per team and user.
        builder.HasKey(m => new { m.TeamId, m.UserId });
        builder.Property(m => m.UserId).HasMaxLength(TeamMembership.UserIdMaxLength);
        builder.Property(m => m.UserDisplayName).HasMaxLength(200).IsRequired();
        builder.Property(m => m.UserEmail).HasMaxLength(320);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);

        // "Which teams am I in?" on every page load.
        builder.HasIndex(m => m.UserId);
    }
}
