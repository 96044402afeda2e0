namespace Portal.Application.Requests.Create;

/// <summary>
/// Every rule of the create wizard, pure and synchronous, so the page runs them live as people type and the server
/// runs the same ones again on submit. Limits come from the IONOS v2 contract (see ../shared/ionos-psql-v2).
/// </summary>
public static class CreateClusterRules
{
    /// <summary>The problems of one step's fields (Review: the whole draft).</summary>
    public static ValidationReport ValidateStep(WizardStep step, CreateClusterDraft draft, WizardContext context) =>
        throw new NotImplementedException();

    /// <summary>The problems of the whole draft.</summary>
    public static ValidationReport ValidateAll(CreateClusterDraft draft, WizardContext context) =>
        throw new NotImplementedException();

    /// <summary>The password rule as a checklist (requirement, met?), in the order shown to people.</summary>
    public static IReadOnlyList<PasswordRequirement> CheckPassword(string? password) =>
        throw new NotImplementedException();

    /// <summary>Password and confirmation problems (field <see cref="DraftFields.Password"/> / <see cref="DraftFields.PasswordConfirmation"/>).</summary>
    public static ValidationReport ValidatePassword(string? password, string? confirmation) =>
        throw new NotImplementedException();
}

public sealed record PasswordRequirement(string Description, bool IsMet);
