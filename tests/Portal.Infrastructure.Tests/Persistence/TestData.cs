using Portal.Application.Domain;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Tests.Persistence;

internal static class TestData
{
    /// <summary>A local time two hours ahead of UTC, with sub-microsecond ticks, to prove normalisation.</summary>
    public static readonly DateTimeOffset LocalNow = new DateTimeOffset(2026, 3, 2, 10, 15, 30, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    public static readonly Actor Alice = new("oid-alice", "Alice Requester");

    public static readonly Actor Bob = new("oid-bob", "Bob Dba");

    public static readonly Actor Carol = new("oid-carol", "Carol Dba");

    public static string UniqueSlug(string prefix = "team") => $"{prefix}-{Guid.NewGuid():N}"[..30];

    public static Team Team(DateTimeOffset? now = null) => new(UniqueSlug(), "Payments Team", now ?? LocalNow);

    public static ClusterSpec Spec(string? name = null) => new()
    {
        Name = name ?? $"pg-{Guid.NewGuid():N}"[..20],
        Description = "orders database",
        PostgresVersion = "17",
        Instances = 3,
        Cores = 4,
        RamGb = 16,
        StorageGb = 100,
        ReplicationMode = ReplicationMode.StrictlySynchronous,
        ConnectionPooler = ConnectionPooler.Transaction,
        DatacenterId = "9a1b2c3d-0000-4000-8000-000000000001",
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Wednesday,
        MaintenanceTime = new TimeOnly(3, 30, 0),
        BackupLocation = "de",
        RetentionDays = 14,
        Username = "orders_app",
        DatabaseName = "orders",
        LogsEnabled = true,
        MetricsEnabled = false,
    };

    public static ObservedCluster Observed(string name, string state = "AVAILABLE") => new()
    {
        Name = name,
        StateRaw = state,
        PostgresVersion = "17",
        Instances = 1,
        Cores = 2,
        RamGb = 4,
        StorageGb = 20,
        ReplicationMode = "ASYNCHRONOUS",
        ConnectionPooler = "DISABLED",
        DnsName = $"{name}.postgresql.de-fra.ionos.com",
        DatacenterId = "9a1b2c3d-0000-4000-8000-000000000001",
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Sunday,
        MaintenanceTime = new TimeOnly(2, 0, 0),
        BackupLocation = "de",
        RetentionDays = 7,
        StatusMessage = null,
        CreatedBy = "ops@example.com",
        CreatedAt = LocalNow.AddDays(-3),
        LastModifiedBy = "ops@example.com",
        LastModifiedAt = LocalNow.AddDays(-1),
    };
}
