using Portal.Application.Offerings;

namespace Portal.Application.Requests.Create;

/// <summary>
/// What the rules check a draft against: the person's teams, the configured regions and, where already loaded,
/// the live lists from IONOS. A list that is null was not loaded (IONOS unreachable): the rules that need it are
/// then checked by the server on submit, which always loads fresh lists.
/// </summary>
public sealed record WizardContext(
    IReadOnlyList<TeamOption> Teams,
    IReadOnlyList<string> Regions,
    IReadOnlyList<BackupLocationOffering>? BackupLocations = null,
    IReadOnlyList<PostgresVersionOffering>? Versions = null);

/// <summary>A team the signed-in person may order for.</summary>
public sealed record TeamOption(Guid Id, string Slug, string DisplayName);
