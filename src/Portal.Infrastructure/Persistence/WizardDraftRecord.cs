namespace Portal.Infrastructure.Persistence;

/// <summary>One person's unfinished create wizard: the draft as JSON (never a password), one row per user.</summary>
public sealed class WizardDraftRecord
{
    public required string UserId { get; set; }

    public required string Json { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
