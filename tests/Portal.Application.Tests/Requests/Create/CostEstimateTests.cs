using Portal.Application.Requests.Create;

namespace Portal.Application.Tests.Requests.Create;

/// <summary>
/// The monthly estimate against figures worked out by hand (the arithmetic is in each test), never against
/// <see cref="CostEstimate.For"/> itself. Monthly figures and parts are rounded to cents, the hourly figure to 4 places.
/// </summary>
public sealed class CostEstimateTests
{
    /// <summary>The shipped price list: 0.0312 per core, 0.0086 per GB RAM, 0.00014 per GB storage, per hour; 730 hours a month.</summary>
    private static readonly PricingOptions Shipped = new();

    private static PricingOptions Only(decimal perCore = 0m, decimal perGbRam = 0m, decimal perGbStorage = 0m, decimal hoursPerMonth = 730m) => new()
    {
        Currency = "EUR",
        PerCoreHour = perCore,
        PerGbRamHour = perGbRam,
        PerGbStorageHour = perGbStorage,
        HoursPerMonth = hoursPerMonth,
    };

    [Fact]
    public void For_CoresOnlyPriced_ChargesPerCoreHour()
    {
        // 4 cores × 0.05 = 0.20 per hour; × 730 h = 146.00 a month. RAM and storage are free in this list.
        var estimate = CostEstimate.For(1, 4, 16, 100, Only(perCore: 0.05m));

        Assert.Equal(0.20m, estimate.Hourly);
        Assert.Equal(146.00m, estimate.Monthly);
        Assert.Equal((146.00m, 0m, 0m), (estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
    }

    [Fact]
    public void For_RamOnlyPriced_ChargesPerGbRamHour()
    {
        // 16 GB × 0.01 = 0.16 per hour; × 730 h = 116.80 a month.
        var estimate = CostEstimate.For(1, 4, 16, 100, Only(perGbRam: 0.01m));

        Assert.Equal(0.16m, estimate.Hourly);
        Assert.Equal(116.80m, estimate.Monthly);
        Assert.Equal((0m, 116.80m, 0m), (estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
    }

    [Fact]
    public void For_StorageOnlyPriced_ChargesPerGbStorageHour()
    {
        // 100 GB × 0.0002 = 0.02 per hour; × 730 h = 14.60 a month.
        var estimate = CostEstimate.For(1, 4, 16, 100, Only(perGbStorage: 0.0002m));

        Assert.Equal(0.02m, estimate.Hourly);
        Assert.Equal(14.60m, estimate.Monthly);
        Assert.Equal((0m, 0m, 14.60m), (estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
    }

    [Theory]
    // 1 core × 0.10 = 0.10 per hour, whatever the month; the month is that times the configured hours.
    [InlineData(720, 72.00)] // 0.10 × 720 = 72.00
    [InlineData(730, 73.00)] // 0.10 × 730 = 73.00
    [InlineData(744, 74.40)] // 0.10 × 744 = 74.40
    public void For_HoursPerMonth_MultipliesTheHourlyPrice(int hoursPerMonth, double monthly)
    {
        var estimate = CostEstimate.For(1, 1, 4, 10, Only(perCore: 0.10m, hoursPerMonth: hoursPerMonth));

        Assert.Equal(0.10m, estimate.Hourly);
        Assert.Equal((decimal)monthly, estimate.Monthly);
    }

    [Fact]
    public void For_OneInstanceWithTheShippedPrices_AddsCoresRamAndStorage()
    {
        // The Small preset: 2 cores, 4 GB RAM, 20 GB storage.
        // per hour: 2 × 0.0312 = 0.0624; 4 × 0.0086 = 0.0344; 20 × 0.00014 = 0.0028; total 0.0996
        // a month (× 730): 0.0624 → 45.552 ≈ 45.55; 0.0344 → 25.112 ≈ 25.11; 0.0028 → 2.044 ≈ 2.04
        // total: the sum of the rounded parts, 45.55 + 25.11 + 2.04 = 72.70 (not 72.708 ≈ 72.71), so the breakdown adds up
        var estimate = CostEstimate.For(1, 2, 4, 20, Shipped);

        Assert.Equal(0.0996m, estimate.Hourly);
        Assert.Equal(72.70m, estimate.Monthly);
        Assert.Equal(estimate.Monthly, estimate.CoresPart + estimate.RamPart + estimate.StoragePart);
        Assert.Equal((45.55m, 25.11m, 2.04m), (estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
        Assert.Equal("EUR", estimate.Currency);
    }

    [Theory]
    [InlineData(0.005, "0.01")]  // half a cent rounds up, as on an invoice (banker's rounding would give 0.00)
    [InlineData(0.015, "0.02")]
    [InlineData(0.0149, "0.01")]
    public void For_HalfACent_RoundsUp(double perCoreMonth, string expected)
    {
        // One core for one "hour" a month at the given price: the monthly part is exactly the price.
        var estimate = CostEstimate.For(1, 1, 4, 10, Only(perCore: (decimal)perCoreMonth, hoursPerMonth: 1));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), estimate.CoresPart);
    }

    [Fact]
    public void For_ThreeInstances_ChargesEveryInstance()
    {
        // The Large preset: 3 instances of 8 cores, 32 GB RAM, 500 GB storage.
        // per instance and hour: 8 × 0.0312 = 0.2496; 32 × 0.0086 = 0.2752; 500 × 0.00014 = 0.07; total 0.5948
        // all 3 instances: 0.7488 + 0.8256 + 0.21 = 1.7844 per hour
        // a month (× 730): 0.7488 → 546.624 ≈ 546.62; 0.8256 → 602.688 ≈ 602.69; 0.21 → 153.30; total 1302.612 ≈ 1302.61
        var estimate = CostEstimate.For(3, 8, 32, 500, Shipped);

        Assert.Equal(1.7844m, estimate.Hourly);
        Assert.Equal(1302.61m, estimate.Monthly);
        Assert.Equal((546.62m, 602.69m, 153.30m), (estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
    }

    [Theory]
    // 4 cores × 0.05 = 0.20 per instance and hour = 146.00 per instance and month (× 730); n instances cost n times that.
    [InlineData(1, 0.20, 146.00)]
    [InlineData(2, 0.40, 292.00)]
    [InlineData(3, 0.60, 438.00)]
    [InlineData(4, 0.80, 584.00)]
    [InlineData(5, 1.00, 730.00)]
    public void For_InstanceCount_MultipliesTheWholeEstimate(int instances, double hourly, double monthly)
    {
        var estimate = CostEstimate.For(instances, 4, 16, 100, Only(perCore: 0.05m));

        Assert.Equal((decimal)hourly, estimate.Hourly);
        Assert.Equal((decimal)monthly, estimate.Monthly);
        Assert.Equal((decimal)monthly, estimate.CoresPart);
    }

    [Fact]
    public void For_SmallestSizeAllowed_CostsTheFloor()
    {
        // 1 instance, 1 core, 4 GB RAM, 10 GB storage (the wizard's lower limits).
        // per hour: 0.0312 + 4 × 0.0086 = 0.0344 + 10 × 0.00014 = 0.0014; total 0.0670
        // a month (× 730): 22.776 ≈ 22.78; 25.112 ≈ 25.11; 1.022 ≈ 1.02; total 48.91
        var estimate = CostEstimate.For(1, 1, 4, 10, Shipped);

        Assert.Equal(0.0670m, estimate.Hourly);
        Assert.Equal(48.91m, estimate.Monthly);
        Assert.Equal((22.78m, 25.11m, 1.02m), (estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
    }

    [Fact]
    public void For_LargestSizeAllowed_CostsTheCeiling()
    {
        // 5 instances, 62 cores, 240 GB RAM, 4096 GB storage (the wizard's upper limits).
        // per instance and hour: 62 × 0.0312 = 1.9344; 240 × 0.0086 = 2.064; 4096 × 0.00014 = 0.57344; total 4.57184
        // all 5: 9.672 + 10.32 + 2.8672 = 22.8592 per hour
        // a month (× 730): 7060.56; 7533.60; 2093.056 ≈ 2093.06; total 16687.216 ≈ 16687.22
        var estimate = CostEstimate.For(5, 62, 240, 4096, Shipped);

        Assert.Equal(22.8592m, estimate.Hourly);
        Assert.Equal(16687.22m, estimate.Monthly);
        Assert.Equal((7060.56m, 7533.60m, 2093.06m), (estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
    }

    [Fact]
    public void For_HourlyBelowAHundredthOfACent_MonthIsComputedBeforeRounding()
    {
        // 1 GB storage × 0.00014 = 0.00014 per hour, shown as 0.0001; the month is 0.00014 × 730 = 0.1022 ≈ 0.10,
        // not the rounded hour times 730 (0.0001 × 730 = 0.073 ≈ 0.07).
        var estimate = CostEstimate.For(1, 0, 0, 1, Shipped);

        Assert.Equal(0.0001m, estimate.Hourly);
        Assert.Equal(0.10m, estimate.Monthly);
        Assert.Equal(0.10m, estimate.StoragePart);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void For_NoInstances_CostsNothing(int instances)
    {
        var estimate = CostEstimate.For(instances, 8, 32, 500, Shipped);

        Assert.Equal((0m, 0m, 0m, 0m, 0m), (estimate.Monthly, estimate.Hourly, estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
    }

    [Fact]
    public void For_NegativeCores_CountsAsNoCoresNotAsACredit()
    {
        // A tampered -4 cores adds nothing: 2 × 16 × 0.0086 = 0.2752 and 2 × 100 × 0.00014 = 0.028 per hour, total 0.3032;
        // a month (× 730): 200.896 ≈ 200.90 and 20.44; total 221.336 ≈ 221.34.
        var estimate = CostEstimate.For(2, -4, 16, 100, Shipped);

        Assert.Equal(0.3032m, estimate.Hourly);
        Assert.Equal(221.34m, estimate.Monthly);
        Assert.Equal((0m, 200.90m, 20.44m), (estimate.CoresPart, estimate.RamPart, estimate.StoragePart));
    }

    [Fact]
    public void For_ConfiguredCurrency_IsCarriedThrough()
    {
        var prices = Only(perCore: 0.05m);
        prices.Currency = "CHF";

        Assert.Equal("CHF", CostEstimate.For(1, 1, 4, 10, prices).Currency);
    }

    [Fact]
    public void For_NoPriceList_Throws() =>
        Assert.Throws<ArgumentNullException>(() => CostEstimate.For(1, 1, 4, 10, null!));
}
