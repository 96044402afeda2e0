namespace Portal.Application.Requests.Create;

/// <summary>A monthly cost estimate for all instances of a cluster, from the configured price list. An estimate, not an invoice.</summary>
public sealed record CostEstimate(decimal Monthly, decimal Hourly, string Currency, decimal CoresPart, decimal RamPart, decimal StoragePart)
{
    /// <summary>
    /// Computes the estimate: (cores × per-core + RAM × per-GB + storage × per-GB) per hour, per instance, times instances.
    /// Each monthly part is rounded to the cent (half a cent up, as on an invoice) and the monthly total is their sum, so the
    /// breakdown shown beside the total always adds up to it.
    /// </summary>
    public static CostEstimate For(int instances, int cores, int ramGb, int storageGb, PricingOptions prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var n = Math.Max(instances, 0);
        var coresHour = n * Math.Max(cores, 0) * prices.PerCoreHour;
        var ramHour = n * Math.Max(ramGb, 0) * prices.PerGbRamHour;
        var storageHour = n * Math.Max(storageGb, 0) * prices.PerGbStorageHour;
        var hourly = coresHour + ramHour + storageHour;
        var coresMonth = Cents(coresHour * prices.HoursPerMonth);
        var ramMonth = Cents(ramHour * prices.HoursPerMonth);
        var storageMonth = Cents(storageHour * prices.HoursPerMonth);
        return new CostEstimate(
            coresMonth + ramMonth + storageMonth,
            Math.Round(hourly, 4, MidpointRounding.AwayFromZero),
            prices.Currency,
            coresMonth,
            ramMonth,
            storageMonth);
    }

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
