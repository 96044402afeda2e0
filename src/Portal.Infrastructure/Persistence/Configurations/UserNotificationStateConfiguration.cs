using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class UserNotificationStateConfiguration : IEntityTypeConfiguration<UserNotificationState>
{
    public void Configure(EntityTypeBuilder<UserNotificationState> builder)
    {
        builder.ToTable("UserNotificationStates");
        builder.HasKey(s => s.UserId);
        builder.Property(s => s.UserId).HasMaxLength(TeamMembership.UserIdMaxLength);
    }
}
