namespace Ionos.Emulator;

/// <summary>
/// Settings of the emulator, bound from the configuration section <c>Emulator</c> (e.g. <c>--Emulator:ProvisioningDelay=00:00:05</c>).
/// There is deliberately no appsettings.json in this project: the defaults live here.
/// </summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The nine regional hosts of the real API (NOTES §1), in that order.</summary>
    public static IReadOnlyList<string> AllRegions { get; } =
        ["de-txl", "de-fra", "fr-par", "es-vit", "gb-lhr", "gb-bhx", "us-las", "us-mci", "us-ewr"];

    /// <summary>Regions served, each under the path prefix <c>/{region}</c>.</summary>
    public IList<string> Regions { get; set; } = [.. AllRegions];

    /// <summary>The region also served at the root, like a client pointed at https://postgresql.de-txl.ionos.com.</summary>
    public string DefaultRegion { get; set; } = "de-txl";

    /// <summary>The accepted bearer token; null accepts any non-empty bearer token.</summary>
    public string? Token { get; set; }

    public TimeSpan ProvisioningDelay { get; set; } = TimeSpan.FromSeconds(8);

    public TimeSpan UpdatingDelay { get; set; } = TimeSpan.FromSeconds(6);

    public TimeSpan DestroyingDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Where clusters and backups are kept between runs; null keeps them in memory only.</summary>
    public string? StateFile { get; set; }

    /// <summary>The identity written to <c>metadata.createdBy</c> and <c>metadata.lastModifiedBy</c>.</summary>
    public string CreatedBy { get; set; } = "emulator@example.com";

    /// <summary>The identity id written to <c>metadata.createdByUserId</c> and <c>metadata.lastModifiedByUserId</c>.</summary>
    public string CreatedByUserId { get; set; } = "87f9a82e-b28d-49ed-9d04-fba2c0459cd3";

    internal EmulatorOptions Clone() => new()
    {
        Regions = [.. Regions],
        DefaultRegion = DefaultRegion,
        Token = Token,
        ProvisioningDelay = ProvisioningDelay,
        UpdatingDelay = UpdatingDelay,
        DestroyingDelay = DestroyingDelay,
        StateFile = StateFile,
        CreatedBy = CreatedBy,
        CreatedByUserId = CreatedByUserId,
    };

    /// <summary>Returns one message per invalid setting, naming it.</summary>
    internal IEnumerable<string> Validate()
    {
        if (Regions.Count == 0)
        {
            yield return "Emulator:Regions must name at least one region.";
        }

        foreach (var region in Regions)
        {
            if (string.IsNullOrWhiteSpace(region) || region.Contains('/', StringComparison.Ordinal) || region.StartsWith('_'))
            {
                yield return $"Emulator:Regions contains an invalid region '{region}'.";
            }
        }

        if (!Regions.Contains(DefaultRegion))
        {
            yield return $"Emulator:DefaultRegion '{DefaultRegion}' is not one of Emulator:Regions.";
        }

        if (ProvisioningDelay < TimeSpan.Zero || UpdatingDelay < TimeSpan.Zero || DestroyingDelay < TimeSpan.Zero)
        {
            yield return "Emulator:ProvisioningDelay, UpdatingDelay and DestroyingDelay must not be negative.";
        }

        if (string.IsNullOrWhiteSpace(CreatedBy))
        {
            yield return "Emulator:CreatedBy must not be empty.";
        }
    }
}
