namespace Portal.Application.Requests.Create;

/// <summary>
/// Section <c>Portal:Pricing</c>: the price list behind the wizard's monthly estimate (an estimate, not an invoice).
/// Prices are per hour and per instance resource; a month is <see cref="HoursPerMonth"/> hours.
/// </summary>
public sealed class PricingOptions
{
    public const string Section = "Portal:Pricing";

    public string Currency { get; set; } = "EUR";

    public decimal PerCoreHour { get; set; } = 0.0312m;

    public decimal PerGbRamHour { get; set; } = 0.0086m;

    public decimal PerGbStorageHour { get; set; } = 0.00014m;

    public decimal HoursPerMonth { get; set; } = 730m;
}

/// <summary>Section <c>Portal:SizingPresets</c>: named sizes offered in the wizard.</summary>
public sealed class SizingPresetOptions
{
    public const string Section = "Portal:SizingPresets";

    /// <summary>Configured presets; when none are configured, <see cref="Defaults"/> are offered.</summary>
    /// <remarks>Empty by default: the configuration binder appends to a pre-filled list instead of replacing it.</remarks>
    public List<SizingPreset> Presets { get; set; } = [];

    public IReadOnlyList<SizingPreset> EffectivePresets => Presets.Count > 0 ? Presets : Defaults;

    public static IReadOnlyList<SizingPreset> Defaults { get; } =
    [
        new() { Name = "Small", Description = "Development and small services", Instances = 1, Cores = 2, RamGb = 4, StorageGb = 20 },
        new() { Name = "Medium", Description = "Production with a standby", Instances = 2, Cores = 4, RamGb = 16, StorageGb = 100 },
        new() { Name = "Large", Description = "Critical workloads, strictly synchronous possible", Instances = 3, Cores = 8, RamGb = 32, StorageGb = 500 },
    ];
}

public sealed class SizingPreset
{
    public string Name { get; set; } = "";

    public string Description { get; set; } = "";

    public int Instances { get; set; }

    public int Cores { get; set; }

    public int RamGb { get; set; }

    public int StorageGb { get; set; }
}
