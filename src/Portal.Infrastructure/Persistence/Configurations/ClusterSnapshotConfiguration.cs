using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ClusterSnapshotConfiguration : IEntityTypeConfiguration<ClusterSnapshot>
{
    public void Configure(EntityTypeBuilder<ClusterSnapshot> builder)
    {
        builder.ToTable("ClusterSnapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Ignore(s => s.IsManaged); // query TeamId == null for unmanaged clusters
        builder.Property(s => s.Region).HasMaxLength(32).IsRequired();
        builder.Property(s => s.ClusterId).HasMaxLength(64).IsRequired();
        builder.Property(s => s.Name).HasMaxLength(200).IsRequired();
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.StateRaw).HasMaxLength(32).IsRequired();
        builder.Property(s => s.PostgresVersion).HasMaxLength(16);
        builder.Property(s => s.ReplicationMode).HasMaxLength(32);
        builder.Property(s => s.ConnectionPooler).HasMaxLength(32);
        builder.Property(s => s.DnsName).HasMaxLength(255);
        builder.Property(s => s.DatacenterId).HasMaxLength(64);
        builder.Property(s => s.LanId).HasMaxLength(16);
        builder.Property(s => s.PrimaryInstanceAddress).HasMaxLength(64);
        builder.Property(s => s.MaintenanceDay).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.BackupLocation).HasMaxLength(64);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.Property(s => s.LastModifiedBy).HasMaxLength(200);
        builder.Property(s => s.Version).IsConcurrencyToken();

        builder.HasOne<Team>().WithMany().HasForeignKey(s => s.TeamId).OnDelete(DeleteBehavior.Restrict);

        // The dashboard (10,000 rows): lookup by cluster, filter by team/state/region, search and sort by name.
        builder.HasIndex(s => new { s.Region, s.ClusterId }).IsUnique();
        builder.HasIndex(s => new { s.TeamId, s.Name });
        builder.HasIndex(s => new { s.State, s.Name });
        builder.HasIndex(s => s.Name);
    }
}
