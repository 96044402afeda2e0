using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Policies;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class ApprovalPolicyConfiguration : IEntityTypeConfiguration<ApprovalPolicy>
{
    public void Configure(EntityTypeBuilder<ApprovalPolicy> builder)
    {
        builder.ToTable("ApprovalPolicies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.UpdatedById).HasMaxLength(TeamMembership.UserIdMaxLength).IsRequired();
        builder.Property(p => p.UpdatedByName).HasMaxLength(200).IsRequired();
    }
}
