namespace Portal.Application.Requests.Create;

/// <summary>Options a step loads from IONOS: either the list, or a message saying IONOS could not be reached (with Retry on the page).</summary>
public sealed record StepOptions<T>(IReadOnlyList<T> Items, string? Error)
{
    public bool IsLoaded => Error is null;
}

public static class StepOptions
{
    public static StepOptions<T> Loaded<T>(IReadOnlyList<T> items) => new(items, null);

    public static StepOptions<T> Unavailable<T>(string error) => new([], error);
}

/// <summary>Everything the wizard needs to open: the person's teams, the regions, presets, and the draft to continue.</summary>
public sealed record WizardStart(
    IReadOnlyList<TeamOption> Teams,
    IReadOnlyList<string> Regions,
    IReadOnlyList<SizingPreset> Presets,
    CreateClusterDraft Draft,
    bool DraftRestored);

/// <summary>The result of a submit: the new request's id, or the problems (nothing was saved).</summary>
public sealed record SubmitResult(Guid? RequestId, ValidationReport Report)
{
    public bool Succeeded => RequestId is not null;

    public static SubmitResult Rejected(ValidationReport report) => new(null, report);

    public static SubmitResult Rejected(string field, string message) => new(null, new ValidationReport([new ValidationProblem(field, message)]));
}

/// <summary>The maintenance window as people read it: start and end in UTC and in their own time zone.</summary>
public sealed record MaintenanceWindowView(string Utc, string Local, string TimeZone);
