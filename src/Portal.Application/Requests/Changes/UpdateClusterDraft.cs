using System.Globalization;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;

namespace Portal.Application.Requests.Changes;

/// <summary>
/// The change form's values (never a password): what an update may change, pre-filled from the cluster. Username and
/// database are only entered when the portal does not know them (a cluster it did not create); IONOS never returns them.
/// </summary>
public sealed class UpdateClusterDraft
{
    public string? PostgresVersion { get; set; }

    public int Instances { get; set; }

    public int Cores { get; set; }

    public int RamGb { get; set; }

    public int StorageGb { get; set; }

    public ReplicationMode ReplicationMode { get; set; }

    public ConnectionPooler ConnectionPooler { get; set; }

    public DayOfWeek? MaintenanceDay { get; set; }

    /// <summary>UTC, HH:MM:SS.</summary>
    public string? MaintenanceTime { get; set; }

    public int RetentionDays { get; set; }

    public string Username { get; set; } = "";

    public string DatabaseName { get; set; } = "";

    public UpdateClusterDraft Clone() => (UpdateClusterDraft)MemberwiseClone();

    /// <summary>The form pre-filled with the cluster's current values.</summary>
    public static UpdateClusterDraft From(ClusterSpec current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new UpdateClusterDraft
        {
            PostgresVersion = current.PostgresVersion,
            Instances = current.Instances,
            Cores = current.Cores,
            RamGb = current.RamGb,
            StorageGb = current.StorageGb,
            ReplicationMode = current.ReplicationMode,
            ConnectionPooler = current.ConnectionPooler,
            MaintenanceDay = current.MaintenanceDay,
            MaintenanceTime = current.MaintenanceTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            RetentionDays = current.RetentionDays,
            Username = current.Username,
            DatabaseName = current.DatabaseName,
        };
    }

    /// <summary>The desired cluster: <paramref name="current"/> with this form's values (network, backup location and name stay).</summary>
    public ClusterSpec ApplyTo(ClusterSpec current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            PostgresVersion = PostgresVersion?.Trim() ?? "",
            Instances = Instances,
            Cores = Cores,
            RamGb = RamGb,
            StorageGb = StorageGb,
            ReplicationMode = ReplicationMode,
            ConnectionPooler = ConnectionPooler,
            MaintenanceDay = MaintenanceDay ?? current.MaintenanceDay,
            MaintenanceTime = TimeOnly.TryParseExact(MaintenanceTime, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                ? start
                : current.MaintenanceTime,
            RetentionDays = RetentionDays,
            Username = Username.Trim(),
            DatabaseName = DatabaseName.Trim(),
        };
    }

    /// <summary>The same values as a wizard draft, so the wizard's rules (and messages) apply unchanged.</summary>
    internal CreateClusterDraft ToWizardDraft(ClusterSpec current) => new()
    {
        Name = current.Name,
        BackupLocation = current.BackupLocation,
        RetentionDays = RetentionDays,
        PostgresVersion = PostgresVersion,
        Instances = Instances,
        Cores = Cores,
        RamGb = RamGb,
        StorageGb = StorageGb,
        ReplicationMode = ReplicationMode,
        ConnectionPooler = ConnectionPooler,
        MaintenanceDay = MaintenanceDay,
        MaintenanceTime = MaintenanceTime,
        Username = Username,
        DatabaseName = DatabaseName,
    };
}
