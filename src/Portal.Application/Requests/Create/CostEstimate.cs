namespace Portal.Application.Requests.Create;

/// <summary>A monthly cost estimate for all instances of a cluster, from the configured price list. An estimate, not an invoice.</summary>
public sealed record CostEstimate(decimal Monthly, decimal Hourly, string Currency, decimal CoresPart, decimal RamPart, decimal StoragePart)
{
    /// <summary>Computes the estimate: (cores × per-core + RAM × per-GB + storage × per-GB) per hour, per instance, times instances.</summary>
    public static CostEstimate For(int instances, int cores, int ramGb, int storageGb, PricingOptions prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var n = Math.Max(instances, 0);
        var coresHour = n * Math.Max(cores, 0) * prices.PerCoreHour;
        var ramHour = n * Math.Max(ramGb, 0) * prices.PerGbRamHour;
        var storageHour = n * Math.Max(storageGb, 0) * prices.PerGbStorageHour;
        var hourly = coresHour + ramHour + storageHour;
        return new CostEstimate(
            Math.Round(hourly * prices.HoursPerMonth, 2),
            Math.Round(hourly, 4),
            prices.Currency,
            Math.Round(coresHour * prices.HoursPerMonth, 2),
            Math.Round(ramHour * prices.HoursPerMonth, 2),
            Math.Round(storageHour * prices.HoursPerMonth, 2));
    }
}
