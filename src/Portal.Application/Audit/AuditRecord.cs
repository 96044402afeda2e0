namespace Portal.Application.Audit;

/// <summary>One audit entry as readers see it: who, what, on what, where, and the (redacted) details JSON.</summary>
public sealed record AuditRecord(
    long Id,
    DateTimeOffset OccurredAt,
    string ActorId,
    string ActorName,
    string Action,
    string TargetType,
    string TargetId,
    Guid? TeamId,
    string? TeamSlug,
    string? Region,
    string CorrelationId,
    string Details);

/// <summary>
/// One page of the filtered log, newest first. <see cref="TotalCount"/> is exact up to <see cref="AuditLogQueries.CountCap"/>;
/// beyond that <see cref="TotalIsCapped"/> is true and the page says "more than".
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Entries, int TotalCount, bool TotalIsCapped);
