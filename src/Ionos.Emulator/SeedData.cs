namespace Ionos.Emulator;

internal sealed record SeedVersion(Guid Id, string Version, string Status, string Comment, IReadOnlyList<string> CanUpgradeTo);

internal sealed record SeedBackupLocation(Guid Id, string Location);

internal sealed record SeedLan(string Id, string Name, bool Public, string? Ipv6CidrBlock);

internal sealed record SeedDatacenter(Guid Id, string Name, string Description, string Location, int Version, IReadOnlyList<SeedLan> Lans);

/// <summary>Fixed catalogue data with deterministic ids, identical in every region and every run.</summary>
internal static class SeedData
{
    /// <summary>
    /// One consistent set: every version upgrades to every newer non-beta major; 13 is deprecated, 17 recommended, 18 beta.
    /// Clusters may be created on any listed version (the real API's rule for DEPRECATED/BETA is unknown).
    /// </summary>
    public static IReadOnlyList<SeedVersion> Versions { get; } =
    [
        new(Guid.Parse("0f5a6d3e-1c13-4d1a-9a13-000000000013"), "13", "DEPRECATED", "End of life November 2025; upgrade soon.", ["14", "15", "16", "17"]),
        new(Guid.Parse("0f5a6d3e-1c13-4d1a-9a13-000000000014"), "14", "SUPPORTED", "Supported.", ["15", "16", "17"]),
        new(Guid.Parse("0f5a6d3e-1c13-4d1a-9a13-000000000015"), "15", "SUPPORTED", "Supported.", ["16", "17"]),
        new(Guid.Parse("0f5a6d3e-1c13-4d1a-9a13-000000000016"), "16", "SUPPORTED", "Supported.", ["17"]),
        new(Guid.Parse("0f5a6d3e-1c13-4d1a-9a13-000000000017"), "17", "RECOMMENDED", "Recommended for new clusters.", []),
        new(Guid.Parse("0f5a6d3e-1c13-4d1a-9a13-000000000018"), "18", "BETA", "Beta: not for production.", []),
    ];

    public static IReadOnlyList<SeedBackupLocation> BackupLocations { get; } =
    [
        new(Guid.Parse("6b1c9f2a-4b0e-4e57-9c3d-0000000000de"), "de"),
        new(Guid.Parse("6b1c9f2a-4b0e-4e57-9c3d-0000000000c2"), "eu-central-2"),
        new(Guid.Parse("6b1c9f2a-4b0e-4e57-9c3d-0000000000c3"), "eu-central-3"),
        new(Guid.Parse("6b1c9f2a-4b0e-4e57-9c3d-0000000000c4"), "eu-central-4"),
        new(Guid.Parse("6b1c9f2a-4b0e-4e57-9c3d-0000000000e2"), "eu-south-2"),
    ];

    public static IReadOnlyList<SeedDatacenter> Datacenters { get; } =
    [
        new(Guid.Parse("5a029f4a-72e5-11ec-90d6-0242ac120003"), "Berlin production", "Production workloads", "de/txl", 12,
        [
            new("1", "internet", true, null),
            new("2", "database", false, null),
            new("3", "application", false, "2001:db8:1:3::/64"),
        ]),
        new(Guid.Parse("c1a2b3d4-0000-4000-8000-00000000f4a1"), "Frankfurt staging", "Staging", "de/fra", 5,
        [
            new("1", "public", true, null),
            new("2", "private", false, null),
        ]),
        new(Guid.Parse("c1a2b3d4-0000-4000-8000-0000000e5717"), "Logrono backup site", "Disaster recovery", "es/vit", 3,
        [
            new("1", "public", true, null),
            new("4", "replication", false, null),
        ]),
        new(Guid.Parse("c1a2b3d4-0000-4000-8000-00000000ba75"), "London", "UK customers", "gb/lhr", 2,
        [
            new("1", "public", true, null),
            new("2", "private", false, null),
        ]),
    ];
}
