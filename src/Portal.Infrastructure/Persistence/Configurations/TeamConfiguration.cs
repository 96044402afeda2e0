using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("Teams");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Slug).HasMaxLength(Team.SlugMaxLength).IsRequired();
        builder.Property(t => t.DisplayName).HasMaxLength(Team.DisplayNameMaxLength).IsRequired();
        builder.HasIndex(t => t.Slug).IsUnique();

        builder.HasMany(t => t.Memberships).WithOne().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(t => t.Memberships).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
