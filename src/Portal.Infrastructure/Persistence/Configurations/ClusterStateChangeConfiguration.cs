using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Clusters;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ClusterStateChangeConfiguration : IEntityTypeConfiguration<ClusterStateChange>
{
    public void Configure(EntityTypeBuilder<ClusterStateChange> builder)
    {
        builder.ToTable("ClusterStateChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.Region).HasMaxLength(32).IsRequired();
        builder.Property(c => c.ClusterId).HasMaxLength(64).IsRequired();
        builder.Property(c => c.FromState).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ToState).HasConversion<string>().HasMaxLength(16);

        // A cluster's history, newest first.
        builder.HasIndex(c => new { c.Region, c.ClusterId, c.ObservedAt });
    }
}
