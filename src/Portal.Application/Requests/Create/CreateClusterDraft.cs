using Portal.Application.Domain.Requests;

namespace Portal.Application.Requests.Create;

/// <summary>
/// What the create wizard holds while someone fills it in: bound by the page, validated by <see cref="CreateClusterRules"/>,
/// kept as a per-user draft so a reload or a lost connection loses nothing. It never holds the password.
/// </summary>
public sealed class CreateClusterDraft
{
    // 1. Basics
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? TeamSlug { get; set; }

    public string? Region { get; set; }

    // 2. Backup location (cannot change after creation)
    public string? BackupLocation { get; set; }

    public int RetentionDays { get; set; } = 7;

    // 3. Version
    public string? PostgresVersion { get; set; }

    // 4. Sizing: a preset fills the numbers; null means custom.
    public string? Preset { get; set; }

    public int Instances { get; set; } = 1;

    public int Cores { get; set; } = 2;

    public int RamGb { get; set; } = 4;

    public int StorageGb { get; set; } = 20;

    public ReplicationMode ReplicationMode { get; set; } = ReplicationMode.Asynchronous;

    public ConnectionPooler ConnectionPooler { get; set; } = ConnectionPooler.Disabled;

    // 5. Network (cannot change after creation)
    public bool ManualNetworkEntry { get; set; }

    public string? DatacenterId { get; set; }

    public string? LanId { get; set; }

    public string? PrimaryInstanceAddress { get; set; }

    // 6. Maintenance window (UTC)
    public DayOfWeek? MaintenanceDay { get; set; }

    /// <summary>Start of the 4-hour window in UTC, <c>HH:MM:SS</c>.</summary>
    public string? MaintenanceTime { get; set; }

    // 7. Credentials (the password is never part of the draft)
    public string Username { get; set; } = "";

    public string DatabaseName { get; set; } = "";

    /// <summary>The step the person was on, so a restored draft opens where they left.</summary>
    public int CurrentStep { get; set; }

    public CreateClusterDraft Clone() => (CreateClusterDraft)MemberwiseClone();
}

/// <summary>The wizard's steps, in order.</summary>
public enum WizardStep
{
    Basics = 0,
    BackupLocation = 1,
    Version = 2,
    Sizing = 3,
    Network = 4,
    MaintenanceWindow = 5,
    Credentials = 6,
    Review = 7,
}

/// <summary>Field names used in validation problems; the page shows each problem under the field of that name.</summary>
public static class DraftFields
{
    public const string Name = nameof(CreateClusterDraft.Name);
    public const string Description = nameof(CreateClusterDraft.Description);
    public const string Team = nameof(CreateClusterDraft.TeamSlug);
    public const string Region = nameof(CreateClusterDraft.Region);
    public const string BackupLocation = nameof(CreateClusterDraft.BackupLocation);
    public const string RetentionDays = nameof(CreateClusterDraft.RetentionDays);
    public const string PostgresVersion = nameof(CreateClusterDraft.PostgresVersion);
    public const string Instances = nameof(CreateClusterDraft.Instances);
    public const string Cores = nameof(CreateClusterDraft.Cores);
    public const string RamGb = nameof(CreateClusterDraft.RamGb);
    public const string StorageGb = nameof(CreateClusterDraft.StorageGb);
    public const string ReplicationMode = nameof(CreateClusterDraft.ReplicationMode);
    public const string ConnectionPooler = nameof(CreateClusterDraft.ConnectionPooler);
    public const string DatacenterId = nameof(CreateClusterDraft.DatacenterId);
    public const string LanId = nameof(CreateClusterDraft.LanId);
    public const string PrimaryInstanceAddress = nameof(CreateClusterDraft.PrimaryInstanceAddress);
    public const string MaintenanceDay = nameof(CreateClusterDraft.MaintenanceDay);
    public const string MaintenanceTime = nameof(CreateClusterDraft.MaintenanceTime);
    public const string Username = nameof(CreateClusterDraft.Username);
    public const string DatabaseName = nameof(CreateClusterDraft.DatabaseName);
    public const string Password = "Password";
    public const string PasswordConfirmation = "PasswordConfirmation";
}
