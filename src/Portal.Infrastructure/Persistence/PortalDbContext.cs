using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Policies;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// The portal's database, provider-agnostic. Each provider has a derived context type with its own checked-in
/// migrations (<see cref="SqlitePortalDbContext"/>, <see cref="PostgreSqlPortalDbContext"/>); consumers only see
/// this type, through <see cref="IDbContextFactory{PortalDbContext}"/>.
/// </summary>
public abstract class PortalDbContext : DbContext, IDataProtectionKeyContext
{
    /// <summary>Property name of the app-managed optimistic concurrency token (a counter bumped on every save).</summary>
    internal const string VersionProperty = "Version";

    protected PortalDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Team> Teams => Set<Team>();

    public DbSet<TeamMembership> TeamMemberships => Set<TeamMembership>();

    public DbSet<ClusterRequest> ClusterRequests => Set<ClusterRequest>();

    public DbSet<PendingSecret> PendingSecrets => Set<PendingSecret>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ClusterSnapshot> ClusterSnapshots => Set<ClusterSnapshot>();

    public DbSet<ClusterStateChange> ClusterStateChanges => Set<ClusterStateChange>();

    /// <summary>Per-user create-wizard drafts (see <see cref="WizardDraftRecord"/>).</summary>
    public DbSet<WizardDraftRecord> WizardDrafts => Set<WizardDraftRecord>();

    public DbSet<TeamQuota> TeamQuotas => Set<TeamQuota>();

    public DbSet<ApprovalPolicy> ApprovalPolicies => Set<ApprovalPolicy>();

    public DbSet<UserNotificationState> UserNotificationStates => Set<UserNotificationState>();

    /// <summary>ASP.NET Core Data Protection key ring, shared by every replica.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareForSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareForSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    private void PrepareForSave()
    {
        ChangeTracker.DetectChanges();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException(
                    $"Audit entries are append-only: entry {((AuditEntry)entry.Entity).Id} cannot be {(entry.State == EntityState.Deleted ? "deleted" : "modified")}.");
            }

            if (entry.State == EntityState.Modified
                && entry.Metadata.FindProperty(VersionProperty) is { IsConcurrencyToken: true, ClrType: var type }
                && type == typeof(long))
            {
                var version = entry.Property(VersionProperty);
                version.CurrentValue = (long)version.OriginalValue! + 1;
            }
        }
    }
}
