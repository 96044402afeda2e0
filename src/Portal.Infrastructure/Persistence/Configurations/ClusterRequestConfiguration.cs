using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ClusterRequestConfiguration : IEntityTypeConfiguration<ClusterRequest>
{
    public void Configure(EntityTypeBuilder<ClusterRequest> builder)
    {
        builder.ToTable("ClusterRequests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.Region).HasMaxLength(ClusterRequest.RegionMaxLength).IsRequired();
        builder.Property(r => r.ClusterName).HasMaxLength(ClusterRequest.ClusterNameMaxLength).IsRequired();
        builder.Property(r => r.ExecutionClusterName).HasMaxLength(ClusterRequest.ClusterNameMaxLength);
        builder.Property(r => r.RequestedById).HasMaxLength(TeamMembership.UserIdMaxLength).IsRequired();
        builder.Property(r => r.RequestedByName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.TargetClusterId).HasMaxLength(64);
        builder.Property(r => r.LastError).HasMaxLength(ClusterRequest.LastErrorMaxLength);
        builder.Property(r => r.LeaseOwner).HasMaxLength(200);
        builder.Property(r => r.DecidedById).HasMaxLength(TeamMembership.UserIdMaxLength);
        builder.Property(r => r.DecidedByName).HasMaxLength(200);
        builder.Property(r => r.DecisionComment).HasMaxLength(2000);
        builder.Property(r => r.StatusMessage).HasMaxLength(ClusterRequest.LastErrorMaxLength);
        builder.Property(r => r.DnsName).HasMaxLength(255);
        builder.Property(r => r.Version).IsConcurrencyToken();

        // The spec is read and written whole; what lists filter on (name, region, team, status) are columns.
        builder.ComplexProperty(r => r.Spec, spec =>
        {
            spec.ToJson("Spec");
            spec.Property(s => s.ReplicationMode).HasConversion<string>();
            spec.Property(s => s.ConnectionPooler).HasConversion<string>();
            spec.Property(s => s.MaintenanceDay).HasConversion<string>();
        });

        // Update only: the cluster as it was when the change was requested (null for other kinds).
        builder.ComplexProperty(r => r.Baseline, baseline =>
        {
            baseline.ToJson("Baseline");
            baseline.Property(s => s.ReplicationMode).HasConversion<string>();
            baseline.Property(s => s.ConnectionPooler).HasConversion<string>();
            baseline.Property(s => s.MaintenanceDay).HasConversion<string>();
        });

        builder.HasOne<Team>().WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(r => new { r.Status, r.CreatedAt });          // approval queue, oldest first
        builder.HasIndex(r => new { r.Status, r.NextAttemptAt });      // executor: due work
        builder.HasIndex(r => new { r.TeamId, r.CreatedAt });          // a team's requests
        builder.HasIndex(r => new { r.Region, r.ClusterName });        // name taken by an open request?
        builder.HasIndex(r => new { r.Region, r.TargetClusterId });    // a cluster's requests
    }
}
