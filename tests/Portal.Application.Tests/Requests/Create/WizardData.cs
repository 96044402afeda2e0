using Portal.Application.Domain.Requests;
using Portal.Application.Offerings;
using Portal.Application.Requests.Create;

namespace Portal.Application.Tests.Requests.Create;

/// <summary>A draft that passes every rule, and the context it passes against; tests change one thing at a time.</summary>
internal static class WizardData
{
    public const string DatacenterId = "3f2c6a8e-5b1d-4c7e-9a0f-2d4b6c8e1a3f";

    public static readonly TeamOption Payments = new(Guid.Parse("0b7a9f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), "payments", "Payments");
    public static readonly TeamOption Search = new(Guid.Parse("1c8b0a8f-2d3e-4f60-9bac-1d2e3f4a5b6c"), "search", "Search");

    public static CreateClusterDraft ValidDraft() => new()
    {
        Name = "orders-db",
        Description = "Orders of the web shop",
        TeamSlug = "payments",
        Region = "de-txl",
        BackupLocation = "eu-central-3",
        RetentionDays = 7,
        PostgresVersion = "17",
        Instances = 1,
        Cores = 2,
        RamGb = 4,
        StorageGb = 20,
        ReplicationMode = ReplicationMode.Asynchronous,
        ConnectionPooler = ConnectionPooler.Disabled,
        DatacenterId = DatacenterId,
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Tuesday,
        MaintenanceTime = "09:00:00",
        Username = "app_admin",
        DatabaseName = "orders",
    };

    public static IReadOnlyList<PostgresVersionOffering> Versions { get; } =
    [
        new("17", VersionSupportStatus.Recommended, "RECOMMENDED", null, []),
        new("16", VersionSupportStatus.Supported, "SUPPORTED", null, ["17"]),
    ];

    public static IReadOnlyList<BackupLocationOffering> BackupLocations { get; } =
    [
        new("6a1b2c3d-0000-4000-8000-000000000001", "eu-central-3"),
        new("6a1b2c3d-0000-4000-8000-000000000002", "eu-central-4"),
    ];

    /// <summary>The person is in Payments only; the IONOS lists are loaded.</summary>
    public static WizardContext Context() => new([Payments], ["de-txl", "de-fra"], BackupLocations, Versions);

    /// <summary>As <see cref="Context"/>, but IONOS could not be reached, so the lists are unknown.</summary>
    public static WizardContext ContextWithoutLists() => new([Payments], ["de-txl", "de-fra"]);

    public static CreateClusterDraft With(Action<CreateClusterDraft> change)
    {
        var draft = ValidDraft();
        change(draft);
        return draft;
    }
}
