namespace Portal.Application.Domain;

/// <summary>Normalises timestamps the way every store keeps them: UTC, whole microseconds.</summary>
public static class UtcTime
{
    /// <summary>
    /// PostgreSQL keeps microseconds, .NET keeps 100 ns ticks. Truncating once, when a value enters the model,
    /// means a value read back equals the value written on every provider (the audit hash depends on it).
    /// </summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utcTicks = value.UtcTicks;
        return new DateTimeOffset(utcTicks - (utcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static DateTimeOffset? Normalize(DateTimeOffset? value) => value is { } v ? Normalize(v) : null;
}
