using Portal.Application.Audit;

namespace Portal.Application.Tests.Audit;

public sealed class AuditFilterTests
{
    private static readonly DateOnly March2 = new(2026, 3, 2);

    [Fact]
    public void WithUtcRange_Times_FromAtItsMinuteToIncludesItsWholeMinute()
    {
        var filter = AuditFilter.None.WithUtcRange(March2, new TimeOnly(14, 30, 59), March2, new TimeOnly(14, 45));

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.Zero), filter.From);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 14, 46, 0, TimeSpan.Zero), filter.To);
    }

    [Fact]
    public void WithUtcRange_DatesOnly_WholeDaysAsBefore()
    {
        var filter = AuditFilter.None.WithUtcRange(March2, null, March2, null);

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), filter.From);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), filter.To);
    }

    [Fact]
    public void WithUtcRange_ToTime2359_EndsAtTheNextMidnight()
    {
        var filter = AuditFilter.None.WithUtcRange(null, null, March2, new TimeOnly(23, 59));

        Assert.Null(filter.From);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero), filter.To);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("00:00", null, null)]
    [InlineData("08:15", "14:45", null)]
    [InlineData(null, "23:59", "2026-03-05")]
    [InlineData(null, null, "2026-03-05")]
    public void ToUtcPickers_RoundTripsWithUtcRange(string? fromTime, string? toTime, string? toDate)
    {
        var from = fromTime is null ? (TimeOnly?)null : TimeOnly.Parse(fromTime, System.Globalization.CultureInfo.InvariantCulture);
        var to = toTime is null ? (TimeOnly?)null : TimeOnly.Parse(toTime, System.Globalization.CultureInfo.InvariantCulture);
        var endDate = toDate is null ? March2 : DateOnly.Parse(toDate, System.Globalization.CultureInfo.InvariantCulture);
        var filter = AuditFilter.None.WithUtcRange(March2, from, endDate, to);

        var (fd, ft, td, tt) = filter.ToUtcPickers();

        Assert.Equal(filter, AuditFilter.None.WithUtcRange(fd, ft, td, tt));
    }

    [Fact]
    public void ToUtcPickers_EndOffTheMinute_ShowsTheMinuteItFallsIn()
    {
        var filter = AuditFilter.None with { To = new DateTimeOffset(2026, 3, 2, 14, 30, 27, TimeSpan.Zero) };

        var (_, _, toDate, toTime) = filter.ToUtcPickers();

        Assert.Equal(March2, toDate);
        Assert.Equal(new TimeOnly(14, 30), toTime);
    }
}
