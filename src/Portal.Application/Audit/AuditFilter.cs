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

    private static bool IsPrefix(string action) => action.EndsWith('.') || action.EndsWith('*');

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
