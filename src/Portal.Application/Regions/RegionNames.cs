namespace Portal.Application.Regions;

/// <summary>Where each IONOS DBaaS region is, for people who do not know the codes by heart.</summary>
public static class RegionNames
{
    private static readonly Dictionary<string, string> Cities = new(StringComparer.OrdinalIgnoreCase)
    {
        ["de-txl"] = "Berlin",
        ["de-fra"] = "Frankfurt",
        ["fr-par"] = "Paris",
        ["es-vit"] = "Logroño",
        ["gb-lhr"] = "London",
        ["gb-bhx"] = "Worcester",
        ["us-las"] = "Las Vegas",
        ["us-mci"] = "Lenexa",
        ["us-ewr"] = "Newark",
    };

    /// <summary>"de-txl (Berlin)", or the code alone for a region this list does not know.</summary>
    public static string Describe(string region) =>
        Cities.TryGetValue(region, out var city) ? $"{region} ({city})" : region;
}
