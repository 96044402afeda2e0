using Portal.Application.Requests.Create;

namespace Portal.TestSupport;

/// <summary>
/// A create-cluster draft that passes every rule against the embedded emulator's offerings (its seeded Berlin datacenter,
/// backup location eu-central-3, PostgreSQL 17), for tests and benchmarks that need a valid submission and vary the name.
/// </summary>
public static class TestDrafts
{
    /// <summary>The emulator's seeded datacenter in de-txl (Ionos.Emulator SeedData).</summary>
    public const string EmulatorDatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003";

    public static CreateClusterDraft ValidCreate(string name, string team = "payments", string region = "de-txl") => new()
    {
        Name = name,
        TeamSlug = team,
        Region = region,
        BackupLocation = "eu-central-3",
        RetentionDays = 7,
        PostgresVersion = "17",
        Instances = 1,
        Cores = 2,
        RamGb = 4,
        StorageGb = 20,
        DatacenterId = EmulatorDatacenterId,
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Wednesday,
        MaintenanceTime = "10:00:00",
        Username = "app_admin",
        DatabaseName = "orders",
    };
}
