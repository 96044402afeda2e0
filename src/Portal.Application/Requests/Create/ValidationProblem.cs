namespace Portal.Application.Requests.Create;

/// <summary>One thing wrong with one field, said so that the person knows what to fix. <see cref="General"/> (empty) is a problem of no single field.</summary>
public sealed record ValidationProblem(string Field, string Message)
{
    public const string General = "";
}

/// <summary>The outcome of a validation: no problems means valid.</summary>
public sealed class ValidationReport
{
    public static ValidationReport Valid { get; } = new([]);

    public ValidationReport(IReadOnlyList<ValidationProblem> problems)
    {
        Problems = problems;
    }

    public IReadOnlyList<ValidationProblem> Problems { get; }

    public bool IsValid => Problems.Count == 0;

    public IEnumerable<string> For(string field) => Problems.Where(p => p.Field == field).Select(p => p.Message);

    public string? FirstFor(string field) => For(field).FirstOrDefault();
}
