namespace Portal.Application.Regions;

/// <summary>The IONOS regions this portal is configured for (region codes such as de-txl).</summary>
public interface IRegionCatalog
{
    IReadOnlyList<string> Regions { get; }

    bool IsKnown(string region) => Regions.Contains(region, StringComparer.Ordinal);

    void EnsureKnown(string region)
    {
        if (!IsKnown(region))
        {
            throw new ArgumentException(
                $"Region '{region}' is not configured. Configured regions: {string.Join(", ", Regions)}.", nameof(region));
        }
    }
}
