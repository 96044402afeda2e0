using System.Globalization;
using Ionos.PostgreSql.Models;
using Portal.Application.Domain.Requests;
using WireConnectionPooler = Ionos.PostgreSql.Models.ConnectionPooler;
using WireReplicationMode = Ionos.PostgreSql.Models.ReplicationMode;

namespace Portal.Infrastructure.Ionos;

/// <summary>
/// The one translation of a <see cref="ClusterSpec"/> into the IONOS create body: the preview shows it (password
/// masked) and the executor sends it (password decrypted), so what people review is what IONOS receives.
/// </summary>
public static class ClusterPayloadMapper
{
    public static ClusterCreateRequest ToCreateRequest(ClusterSpec spec, string password)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(password);
        return new ClusterCreateRequest
        {
            Properties = new ClusterProperties
            {
                Name = spec.Name,
                Description = spec.Description,
                Version = spec.PostgresVersion,
                Instances = new InstanceConfiguration
                {
                    Count = spec.Instances,
                    Cores = spec.Cores,
                    Ram = spec.RamGb,
                    StorageSize = spec.StorageGb,
                },
                Connection = new ClusterConnection
                {
                    DatacenterId = spec.DatacenterId,
                    LanId = spec.LanId,
                    PrimaryInstanceAddress = spec.PrimaryInstanceAddress,
                },
                MaintenanceWindow = new MaintenanceWindow
                {
                    Time = spec.MaintenanceTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    DayOfTheWeek = spec.MaintenanceDay,
                },
                ReplicationMode = ToWire(spec.ReplicationMode),
                ConnectionPooler = ToWire(spec.ConnectionPooler),
                Credentials = new PostgresCredentials
                {
                    Username = spec.Username,
                    Password = password,
                    Database = spec.DatabaseName,
                },
                RestoreFromBackup = spec.RestoreSourceBackupId is { Length: > 0 } backupId
                    ? new ClusterRestoreFromBackup { SourceBackupId = backupId, RecoveryTargetDatetime = spec.RecoveryTargetTime }
                    : null,
                LogsEnabled = spec.LogsEnabled,
                MetricsEnabled = spec.MetricsEnabled,
                Backup = new ClusterBackup { Location = spec.BackupLocation, RetentionDays = spec.RetentionDays },
            },
        };
    }

    public static WireReplicationMode ToWire(Application.Domain.Requests.ReplicationMode mode) => mode switch
    {
        Application.Domain.Requests.ReplicationMode.Asynchronous => WireReplicationMode.Asynchronous,
        Application.Domain.Requests.ReplicationMode.StrictlySynchronous => WireReplicationMode.StrictlySynchronous,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "No IONOS replication mode for this value."),
    };

    public static WireConnectionPooler ToWire(Application.Domain.Requests.ConnectionPooler pooler) => pooler switch
    {
        Application.Domain.Requests.ConnectionPooler.Disabled => WireConnectionPooler.Disabled,
        Application.Domain.Requests.ConnectionPooler.Transaction => WireConnectionPooler.Transaction,
        Application.Domain.Requests.ConnectionPooler.Session => WireConnectionPooler.Session,
        _ => throw new ArgumentOutOfRangeException(nameof(pooler), pooler, "No IONOS connection pooler for this value."),
    };
}
