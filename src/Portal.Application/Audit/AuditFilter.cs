namespace Portal.Application.Audit;

/// <summary>
/// What the audit page and the CSV export narrow the log to. Every field is optional; blank text means "any".
/// Times are UTC instants: <see cref="From"/> inclusive, <see cref="To"/> exclusive.
/// </summary>
public sealed record AuditFilter
{
    public static AuditFilter None { get; } = new();

    /// <summary>Part of the actor's id or display name, case-insensitive.</summary>
    public string? Actor { get; init; }

    /// <summary>An exact action (<c>request.approved</c>), or a prefix when it ends with '.' or '*' (<c>request.</c>, <c>auth.*</c>).</summary>
    public string? Action { get; init; }

    /// <summary>A team slug (or team id), exact.</summary>
    public string? Team { get; init; }

    /// <summary>A cluster name, an IONOS cluster id or a request id, exact; names are resolved to the ids entries are recorded against.</summary>
    public string? Cluster { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// The filter with the time range the audit page's date and time pickers mean, all in UTC: from the start date at the
    /// start time (midnight without one), inclusive; up to the end date at the end time including that whole minute, or
    /// including the whole end day without a time. Seconds of the pickers' times are ignored (they work in minutes).
    /// </summary>
    public AuditFilter WithUtcRange(DateOnly? fromDate, TimeOnly? fromTime, DateOnly? toDate, TimeOnly? toTime) => this with
    {
        From = fromDate is { } fd ? At(fd, fromTime ?? TimeOnly.MinValue) : null,
        To = toDate is { } td ? (toTime is { } tt ? At(td, tt).AddMinutes(1) : At(td.AddDays(1), TimeOnly.MinValue)) : null,
    };

    /// <summary>
    /// The pickers' values for this filter's range (the inverse of <see cref="WithUtcRange"/>): an exclusive end at
    /// midnight shows as the whole previous day, any other end as the minute before it (an end that is not on a minute,
    /// which only a hand-written link has, shows as the minute it falls in).
    /// </summary>
    public (DateOnly? FromDate, TimeOnly? FromTime, DateOnly? ToDate, TimeOnly? ToTime) ToUtcPickers()
    {
        DateOnly? fromDate = null, toDate = null;
        TimeOnly? fromTime = null, toTime = null;
        if (From is { } from)
        {
            var utc = from.UtcDateTime;
            fromDate = DateOnly.FromDateTime(utc);
            fromTime = utc.TimeOfDay == TimeSpan.Zero ? null : Minute(utc);
        }

        if (To is { } to)
        {
            var utc = to.UtcDateTime;
            if (utc.TimeOfDay == TimeSpan.Zero)
            {
                toDate = DateOnly.FromDateTime(utc).AddDays(-1);
            }
            else
            {
                var last = utc.Ticks % TimeSpan.TicksPerMinute == 0 ? utc.AddMinutes(-1) : utc;
                toDate = DateOnly.FromDateTime(last);
                toTime = Minute(last);
            }
        }

        return (fromDate, fromTime, toDate, toTime);
    }

    /// <summary>The same filter with every text trimmed and blanks turned into null, so "  " does not filter.</summary>
    public AuditFilter Normalized() => this with
    {
        Actor = Clean(Actor),
        Action = Clean(Action),
        Team = Clean(Team),
        Cluster = Clean(Cluster),
    };

    /// <summary>The exact action to match, or null when <see cref="Action"/> is a prefix (or absent).</summary>
    public string? ExactAction => Clean(Action) is { } action && !IsPrefix(action) ? action : null;

    /// <summary>The action prefix to match (without a trailing '*'), or null when <see cref="Action"/> is exact (or absent).</summary>
    public string? ActionPrefix => Clean(Action) is { } action && IsPrefix(action) ? action.TrimEnd('*') : null;

    private static DateTimeOffset At(DateOnly date, TimeOnly time) =>
        new(date.ToDateTime(new TimeOnly(time.Hour, time.Minute), DateTimeKind.Utc));

    private static TimeOnly Minute(DateTime utc) => new(utc.Hour, utc.Minute);

    private static bool IsPrefix(string action) => action.EndsWith('.') || action.EndsWith('*');

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
