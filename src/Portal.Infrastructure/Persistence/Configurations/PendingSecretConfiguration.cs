using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Requests;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class PendingSecretConfiguration : IEntityTypeConfiguration<PendingSecret>
{
    public void Configure(EntityTypeBuilder<PendingSecret> builder)
    {
        builder.ToTable("PendingSecrets");
        builder.HasKey(s => s.RequestId);
        builder.Property(s => s.RequestId).ValueGeneratedNever();
        builder.Property(s => s.Ciphertext).IsRequired();
        builder.HasOne<ClusterRequest>().WithOne().HasForeignKey<PendingSecret>(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}
