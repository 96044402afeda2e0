using System.Globalization;
using Portal.Application.Domain.Requests;

namespace Portal.Application.Requests.Create;

/// <summary>
/// Every rule of the create wizard, pure and synchronous, so the page runs them live as people type and the server
/// runs the same ones again on submit. Limits come from the IONOS v2 contract (see ../shared/ionos-psql-v2).
/// </summary>
/// <remarks>
/// Bad input never throws: null strings, out-of-range numbers and undefined enum values become problems. Values the
/// service trims before storing (<see cref="CreateClusterService.ToSpec"/>) are checked trimmed. Messages echo what
/// was entered (shortened) so people see what to fix, except the password, which no message ever contains.
/// </remarks>
public static class CreateClusterRules
{
    public const int NameMinLength = 2;
    public const int NameMaxLength = 63;

    /// <summary>Our limit, not the contract's (which sets none): long enough for a sentence, short enough for lists.</summary>
    public const int DescriptionMaxLength = 300;

    public const int RetentionDaysMin = 1;
    public const int RetentionDaysMax = 365;
    public const int InstancesMin = 1;
    public const int InstancesMax = 5;
    public const int CoresMin = 1;
    public const int CoresMax = 62;
    public const int RamGbMin = 4;
    public const int RamGbMax = 240;
    public const int StorageGbMin = 10;
    public const int StorageGbMax = 4096;
    public const int StrictlySynchronousMinInstances = 3;
    public const int UsernameMaxLength = 16;
    public const int DatabaseNameMaxLength = 63;
    public const int PasswordMinLength = 8;

    /// <summary>Our limit (the contract sets none): far beyond any typed or generated password, and bounds the work.</summary>
    public const int PasswordMaxLength = 128;

    public const string PasswordSpecialCharacters = "@$!%*?&";

    private const int EchoMaxLength = 40;

    /// <summary>The problems of one step's fields (Review: the whole draft).</summary>
    public static ValidationReport ValidateStep(WizardStep step, CreateClusterDraft draft, WizardContext context)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);
        var problems = new List<ValidationProblem>();
        switch (step)
        {
            case WizardStep.Basics:
                CheckBasics(draft, context, problems);
                break;
            case WizardStep.BackupLocation:
                CheckBackupLocation(draft, context, problems);
                break;
            case WizardStep.Version:
                CheckVersion(draft, context, problems);
                break;
            case WizardStep.Sizing:
                CheckSizing(draft, problems);
                break;
            case WizardStep.Network:
                CheckNetwork(draft, problems);
                break;
            case WizardStep.MaintenanceWindow:
                CheckMaintenanceWindow(draft, problems);
                break;
            case WizardStep.Credentials:
                CheckCredentials(draft, problems);
                break;
            default:
                // Review, and any step number a tampered request might send: everything.
                return ValidateAll(draft, context);
        }

        return Report(problems);
    }

    /// <summary>The problems of the whole draft.</summary>
    public static ValidationReport ValidateAll(CreateClusterDraft draft, WizardContext context)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);
        var problems = new List<ValidationProblem>();
        CheckBasics(draft, context, problems);
        CheckBackupLocation(draft, context, problems);
        CheckVersion(draft, context, problems);
        CheckSizing(draft, problems);
        CheckNetwork(draft, problems);
        CheckMaintenanceWindow(draft, problems);
        CheckCredentials(draft, problems);
        return Report(problems);
    }

    /// <summary>The password rule as a checklist (requirement, met?), in the order shown to people.</summary>
    public static IReadOnlyList<PasswordRequirement> CheckPassword(string? password)
    {
        var value = password ?? "";
        return
        [
            new($"At least {PasswordMinLength} characters", value.Length >= PasswordMinLength),
            new("A lowercase letter (a-z)", value.Any(char.IsAsciiLetterLower)),
            new("An uppercase letter (A-Z)", value.Any(char.IsAsciiLetterUpper)),
            new("A digit (0-9)", value.Any(char.IsAsciiDigit)),
            new($"A special character from {PasswordSpecialCharacters}", value.Any(IsPasswordSpecial)),
            new($"At most {PasswordMaxLength} characters", value.Length <= PasswordMaxLength),
            new("Only letters, digits and ASCII punctuation (no spaces, accents or emoji)", value.All(IsPasswordCharacter)),
        ];
    }

    /// <summary>Password and confirmation problems (field <see cref="DraftFields.Password"/> / <see cref="DraftFields.PasswordConfirmation"/>).</summary>
    public static ValidationReport ValidatePassword(string? password, string? confirmation)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Report([new(DraftFields.Password, "Enter a password for the database user, or generate a strong one.")]);
        }

        var problems = new List<ValidationProblem>();
        void Add(string message) => problems.Add(new(DraftFields.Password, message));

        if (password.Length < PasswordMinLength)
        {
            Add($"The password must be at least {PasswordMinLength} characters long; add {PasswordMinLength - password.Length} more.");
        }

        if (password.Length > PasswordMaxLength)
        {
            Add($"The password can be at most {PasswordMaxLength} characters long (a portal limit); shorten it.");
        }

        if (!password.Any(char.IsAsciiLetterLower))
        {
            Add("Add at least one lowercase letter (a-z) to the password.");
        }

        if (!password.Any(char.IsAsciiLetterUpper))
        {
            Add("Add at least one uppercase letter (A-Z) to the password.");
        }

        if (!password.Any(char.IsAsciiDigit))
        {
            Add("Add at least one digit (0-9) to the password.");
        }

        if (!password.Any(IsPasswordSpecial))
        {
            Add($"Add at least one of the special characters {PasswordSpecialCharacters} to the password.");
        }

        if (!password.All(IsPasswordCharacter))
        {
            Add("Use only letters, digits and ASCII punctuation in the password: spaces, accented letters, emoji and "
                + "invisible characters are refused because database clients and connection strings handle them differently.");
        }

        if (!string.Equals(password, confirmation, StringComparison.Ordinal))
        {
            problems.Add(new(DraftFields.PasswordConfirmation, string.IsNullOrEmpty(confirmation)
                ? "Repeat the password in the confirmation field."
                : "The confirmation does not match the password; type the same password in both fields."));
        }

        return Report(problems);
    }

    private static void CheckBasics(CreateClusterDraft draft, WizardContext context, List<ValidationProblem> problems)
    {
        CheckName(draft.Name?.Trim() ?? "", problems);

        var description = draft.Description?.Trim() ?? "";
        if (description.Length > DescriptionMaxLength)
        {
            problems.Add(new(DraftFields.Description,
                $"The description can be at most {DescriptionMaxLength} characters (a portal limit, to keep lists readable); it has {description.Length}. Shorten it."));
        }

        var teams = context.Teams ?? [];
        var slugs = string.Join(", ", teams.Select(t => t.Slug));
        if (teams.Count == 0)
        {
            problems.Add(new(DraftFields.Team, "You are not a member of any team, so you cannot order a cluster. Ask an admin to add you to a team."));
        }
        else if (string.IsNullOrWhiteSpace(draft.TeamSlug))
        {
            problems.Add(new(DraftFields.Team, $"Choose the team that will own the cluster: {slugs}."));
        }
        else if (!teams.Any(t => string.Equals(t.Slug, draft.TeamSlug, StringComparison.Ordinal)))
        {
            // Same wording as the service's membership check on submit.
            problems.Add(new(DraftFields.Team, $"You are not a member of team '{Echo(draft.TeamSlug)}'. Pick one of your teams: {slugs}."));
        }

        var regions = context.Regions ?? [];
        var regionList = string.Join(", ", regions);
        if (string.IsNullOrWhiteSpace(draft.Region))
        {
            problems.Add(new(DraftFields.Region, $"Choose the region the cluster runs in. Pick one of the configured regions: {regionList}."));
        }
        else if (!regions.Contains(draft.Region, StringComparer.Ordinal))
        {
            problems.Add(new(DraftFields.Region, $"Region '{Echo(draft.Region)}' is not configured. Pick one of the configured regions: {regionList}."));
        }
    }

    private static void CheckName(string name, List<ValidationProblem> problems)
    {
        void Add(string message) => problems.Add(new(DraftFields.Name, message));

        if (name.Length == 0)
        {
            Add("Enter a name for the cluster, for example orders-db.");
            return;
        }

        if (name.Length is < NameMinLength or > NameMaxLength)
        {
            Add($"The name must be between {NameMinLength} and {NameMaxLength} characters long; you entered {name.Length}.");
        }

        var bad = name.Where(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')).Distinct().ToList();
        if (bad.Count > 0)
        {
            Add($"The name may contain only letters, digits, dashes (-), underscores (_) and dots (.); remove {DescribeCharacters(bad)}.");
        }

        var first = name[0];
        var last = name[^1];
        if (!char.IsAsciiLetterOrDigit(first) || !char.IsAsciiLetterOrDigit(last))
        {
            var where = !char.IsAsciiLetterOrDigit(first) && !char.IsAsciiLetterOrDigit(last) && name.Length > 1
                ? $"it begins with {DescribeCharacter(first)} and ends with {DescribeCharacter(last)}"
                : !char.IsAsciiLetterOrDigit(first)
                    ? $"it begins with {DescribeCharacter(first)}"
                    : $"it ends with {DescribeCharacter(last)}";
            Add($"The name must begin and end with a letter or digit; {where}.");
        }
    }

    private static void CheckBackupLocation(CreateClusterDraft draft, WizardContext context, List<ValidationProblem> problems)
    {
        var offered = context.BackupLocations?.Select(l => l.Location).ToList();
        if (string.IsNullOrWhiteSpace(draft.BackupLocation))
        {
            problems.Add(new(DraftFields.BackupLocation, offered is null
                ? "Choose where the cluster's backups are stored."
                : $"Choose where the cluster's backups are stored: {OneOf(offered)}."));
        }
        else if (offered is not null && !offered.Contains(draft.BackupLocation, StringComparer.Ordinal))
        {
            problems.Add(new(DraftFields.BackupLocation,
                $"Backup location '{Echo(draft.BackupLocation)}' is not offered in this region. Choose {OneOf(offered)}."));
        }

        CheckRange(DraftFields.RetentionDays, draft.RetentionDays, RetentionDaysMin, RetentionDaysMax, $"Backups must be kept between {RetentionDaysMin} and {RetentionDaysMax} days", problems);
    }

    private static void CheckVersion(CreateClusterDraft draft, WizardContext context, List<ValidationProblem> problems)
    {
        var offered = context.Versions?.Select(v => v.Version).ToList();
        if (string.IsNullOrWhiteSpace(draft.PostgresVersion))
        {
            problems.Add(new(DraftFields.PostgresVersion, offered is null
                ? "Choose a PostgreSQL version."
                : $"Choose a PostgreSQL version: {OneOf(offered)}."));
        }
        else if (offered is not null && !offered.Contains(draft.PostgresVersion, StringComparer.Ordinal))
        {
            problems.Add(new(DraftFields.PostgresVersion,
                $"PostgreSQL version '{Echo(draft.PostgresVersion)}' is not offered in this region. Choose {OneOf(offered)}."));
        }
    }

    private static void CheckSizing(CreateClusterDraft draft, List<ValidationProblem> problems)
    {
        CheckRange(DraftFields.Instances, draft.Instances, InstancesMin, InstancesMax, $"Instances must be between {InstancesMin} and {InstancesMax} (one primary and up to four standbys)", problems);
        CheckRange(DraftFields.Cores, draft.Cores, CoresMin, CoresMax, $"Cores must be between {CoresMin} and {CoresMax} per instance", problems);
        CheckRange(DraftFields.RamGb, draft.RamGb, RamGbMin, RamGbMax, $"RAM must be between {RamGbMin} and {RamGbMax} GB per instance", problems);
        CheckRange(DraftFields.StorageGb, draft.StorageGb, StorageGbMin, StorageGbMax, $"Storage must be between {StorageGbMin} and {StorageGbMax} GB per instance", problems);

        if (!Enum.IsDefined(draft.ReplicationMode))
        {
            problems.Add(new(DraftFields.ReplicationMode, "Choose a replication mode: asynchronous or strictly synchronous."));
        }
        else if (draft.ReplicationMode == ReplicationMode.StrictlySynchronous && draft.Instances < StrictlySynchronousMinInstances)
        {
            problems.Add(new(DraftFields.ReplicationMode,
                $"Strictly synchronous replication needs at least {StrictlySynchronousMinInstances} instances; you have {draft.Instances}. "
                + "Every write waits until all standbys have confirmed it, so with fewer instances a single standby failing would stop all writes. "
                + $"Choose {StrictlySynchronousMinInstances} or more instances, or asynchronous replication."));
        }

        if (!Enum.IsDefined(draft.ConnectionPooler))
        {
            problems.Add(new(DraftFields.ConnectionPooler, "Choose a connection pooler setting: disabled, transaction or session."));
        }
    }

    private static void CheckNetwork(CreateClusterDraft draft, List<ValidationProblem> problems)
    {
        var datacenterId = draft.DatacenterId?.Trim() ?? "";
        if (datacenterId.Length == 0)
        {
            problems.Add(new(DraftFields.DatacenterId, "Choose the datacenter the cluster connects to, or enter its ID."));
        }
        else if (!Guid.TryParseExact(datacenterId, "D", out var id) || id == Guid.Empty)
        {
            problems.Add(new(DraftFields.DatacenterId,
                $"'{Echo(datacenterId)}' is not a datacenter ID. Enter the datacenter's UUID as IONOS shows it, in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx."));
        }

        var lanId = draft.LanId?.Trim() ?? "";
        if (lanId.Length == 0)
        {
            problems.Add(new(DraftFields.LanId, "Choose the private LAN the cluster connects to, or enter its ID."));
        }
        else if (!IsLanId(lanId))
        {
            problems.Add(new(DraftFields.LanId,
                $"'{Echo(lanId)}' is not a LAN ID. Enter the LAN's number as IONOS shows it, for example 2: digits only, no sign and no leading zeros."));
        }

        if (!PrivateIpv4Cidr.TryParse(draft.PrimaryInstanceAddress, out _, out var addressProblem))
        {
            problems.Add(new(DraftFields.PrimaryInstanceAddress, addressProblem!));
        }
    }

    private static void CheckMaintenanceWindow(CreateClusterDraft draft, List<ValidationProblem> problems)
    {
        if (draft.MaintenanceDay is not { } day || !Enum.IsDefined(day))
        {
            problems.Add(new(DraftFields.MaintenanceDay, "Choose the day of the week on which the maintenance window starts."));
        }

        // Not trimmed: the service parses the value exactly as entered (CreateClusterService.ToSpec).
        var time = draft.MaintenanceTime ?? "";
        if (string.IsNullOrWhiteSpace(time))
        {
            problems.Add(new(DraftFields.MaintenanceTime, "Enter the start of the maintenance window in UTC as HH:MM:SS, for example 09:00:00."));
        }
        else if (!IsTimeOfDay(time))
        {
            problems.Add(new(DraftFields.MaintenanceTime,
                $"'{Echo(time)}' is not a start time. Write it in UTC as HH:MM:SS on the 24-hour clock, two digits each, for example 09:00:00 (hours 00-23, minutes and seconds 00-59)."));
        }
    }

    private static void CheckCredentials(CreateClusterDraft draft, List<ValidationProblem> problems)
    {
        var username = draft.Username?.Trim() ?? "";
        if (username.Length == 0)
        {
            problems.Add(new(DraftFields.Username, "Enter a username for the database's administrator, for example app_admin."));
        }
        else
        {
            CheckIdentifier(DraftFields.Username, "username", username, UsernameMaxLength, problems);
            if (username.StartsWith(ReservedNames.UsernamePrefix, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new(DraftFields.Username,
                    $"Usernames beginning with {ReservedNames.UsernamePrefix} are reserved by PostgreSQL. Choose another username, for example app_admin."));
            }
            else if (ReservedNames.IsReservedUsername(username))
            {
                problems.Add(new(DraftFields.Username,
                    $"'{Echo(username)}' is reserved for the system. Choose another username, for example app_admin."));
            }
        }

        var database = draft.DatabaseName?.Trim() ?? "";
        if (database.Length == 0)
        {
            problems.Add(new(DraftFields.DatabaseName, "Enter the name of the database to create, for example orders."));
        }
        else
        {
            CheckIdentifier(DraftFields.DatabaseName, "database name", database, DatabaseNameMaxLength, problems);
            if (ReservedNames.IsReservedDatabaseName(database))
            {
                problems.Add(new(DraftFields.DatabaseName,
                    $"Every cluster already has a database named '{Echo(database)}'. Choose another name for your database, for example orders."));
            }
        }
    }

    private static void CheckIdentifier(string field, string what, string value, int maxLength, List<ValidationProblem> problems)
    {
        if (value.Length > maxLength)
        {
            problems.Add(new(field, $"The {what} can be at most {maxLength} characters long; you entered {value.Length}. Shorten it."));
        }

        var bad = value.Where(c => !char.IsAsciiLetterOrDigit(c) && c != '_').Distinct().ToList();
        if (bad.Count > 0)
        {
            problems.Add(new(field, $"The {what} may contain only letters, digits and underscores (_); remove {DescribeCharacters(bad)}."));
        }
    }

    private static void CheckRange(string field, int value, int min, int max, string rule, List<ValidationProblem> problems)
    {
        if (value < min || value > max)
        {
            problems.Add(new(field, $"{rule}; you entered {value}."));
        }
    }

    /// <summary>A positive whole number that fits IONOS's int32 LAN ids: "2", not "02", "+2", "-1" or "0".</summary>
    private static bool IsLanId(string value) =>
        value.Length <= 10
        && value[0] is >= '1' and <= '9'
        && value.All(char.IsAsciiDigit)
        && long.Parse(value, CultureInfo.InvariantCulture) <= int.MaxValue;

    /// <summary>Exactly HH:MM:SS, 24-hour.</summary>
    private static bool IsTimeOfDay(string value) =>
        value.Length == 8
        && value[2] == ':' && value[5] == ':'
        && TwoDigits(value, 0) is >= 0 and <= 23
        && TwoDigits(value, 3) is >= 0 and <= 59
        && TwoDigits(value, 6) is >= 0 and <= 59;

    private static int TwoDigits(string value, int start) =>
        char.IsAsciiDigit(value[start]) && char.IsAsciiDigit(value[start + 1])
            ? ((value[start] - '0') * 10) + (value[start + 1] - '0')
            : -1;

    private static bool IsPasswordSpecial(char c) => PasswordSpecialCharacters.Contains(c, StringComparison.Ordinal);

    /// <summary>Printable ASCII without the space.</summary>
    private static bool IsPasswordCharacter(char c) => c is > ' ' and <= '~';

    private static string OneOf(List<string> values) => values.Count switch
    {
        0 => "another region: IONOS offers none here right now",
        1 => values[0],
        _ => "one of " + string.Join(", ", values),
    };

    private static string DescribeCharacters(IReadOnlyList<char> chars) => string.Join(", ", chars.Take(5).Select(DescribeCharacter));

    private static string DescribeCharacter(char c) => c switch
    {
        ' ' => "spaces",
        _ when c is > ' ' and <= '~' => $"'{c}'",
        _ => $"the character U+{(int)c:X4}",
    };

    /// <summary>What the person entered, shortened so a tampered value cannot flood the page.</summary>
    private static string Echo(string value) => value.Length <= EchoMaxLength ? value : value[..EchoMaxLength] + "…";

    private static ValidationReport Report(List<ValidationProblem> problems) =>
        problems.Count == 0 ? ValidationReport.Valid : new ValidationReport(problems);
}

public sealed record PasswordRequirement(string Description, bool IsMet);
