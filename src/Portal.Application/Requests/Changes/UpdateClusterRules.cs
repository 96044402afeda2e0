using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Changes;

/// <summary>
/// The change form's rules, pure, run live by the page and again by the service on submit: the wizard's limits for
/// every field, plus what only a change has (storage only grows, the version only upgrades to a <c>canUpgradeTo</c>
/// value, at least one field changes). Field names are <see cref="DraftFields"/>, as in the wizard.
/// </summary>
public static class UpdateClusterRules
{
    public const string NoChangeMessage = "Nothing is changed yet: change at least one value before you submit.";

    /// <param name="draft">The form.</param>
    /// <param name="current">The cluster as the portal knows it (the baseline).</param>
    /// <param name="upgradeTargets">The current version's <c>canUpgradeTo</c> from IONOS; null when it could not be loaded.</param>
    public static ValidationReport Validate(UpdateClusterDraft draft, ClusterSpec current, IReadOnlyList<string>? upgradeTargets)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(current);
        var wizardDraft = draft.ToWizardDraft(current);
        var context = new WizardContext([], []);
        var problems = new List<ValidationProblem>();
        problems.AddRange(CreateClusterRules.ValidateStep(WizardStep.Sizing, wizardDraft, context).Problems);
        problems.AddRange(CreateClusterRules.ValidateStep(WizardStep.MaintenanceWindow, wizardDraft, context).Problems);
        problems.AddRange(CreateClusterRules.ValidateStep(WizardStep.BackupLocation, wizardDraft, context).Problems
            .Where(p => p.Field == DraftFields.RetentionDays));
        problems.AddRange(CreateClusterRules.ValidateStep(WizardStep.Credentials, wizardDraft, context).Problems);

        if (draft.StorageGb < current.StorageGb && problems.All(p => p.Field != DraftFields.StorageGb))
        {
            problems.Add(new(DraftFields.StorageGb,
                $"Storage can only grow: the cluster has {current.StorageGb} GB per instance now, you entered {draft.StorageGb}. Enter {current.StorageGb} GB or more."));
        }

        var version = draft.PostgresVersion?.Trim() ?? "";
        if (version.Length == 0)
        {
            problems.Add(new(DraftFields.PostgresVersion, $"Choose a PostgreSQL version: keep {current.PostgresVersion} or pick an upgrade."));
        }
        else if (version != current.PostgresVersion)
        {
            if (upgradeTargets is null)
            {
                problems.Add(new(DraftFields.PostgresVersion,
                    $"The versions {current.PostgresVersion} can upgrade to could not be loaded from IONOS, so an upgrade cannot be checked now. Keep {current.PostgresVersion}, or try again in a moment."));
            }
            else if (!upgradeTargets.Contains(version, StringComparer.Ordinal))
            {
                problems.Add(new(DraftFields.PostgresVersion, upgradeTargets.Count == 0
                    ? $"PostgreSQL {current.PostgresVersion} cannot be upgraded in place right now (IONOS offers no upgrade); keep {current.PostgresVersion}."
                    : $"PostgreSQL {current.PostgresVersion} can only be upgraded to {string.Join(", ", upgradeTargets)} (never downgraded); you chose {Shorten(version)}."));
            }
        }

        if (problems.Count == 0 && ClusterChange.Between(current, draft.ApplyTo(current)).Count == 0)
        {
            problems.Add(new(ValidationProblem.General, NoChangeMessage));
        }

        return problems.Count == 0 ? ValidationReport.Valid : new ValidationReport(problems);
    }

    private static string Shorten(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
