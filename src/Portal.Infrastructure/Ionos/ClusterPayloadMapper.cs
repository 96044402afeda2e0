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

    /// <summary>
    /// The PUT body of an update: the cluster exactly as IONOS returned it, with only <paramref name="fields"/> taken from
    /// <paramref name="desired"/>, and the credentials re-sent (PUT is a full replace; GET never returns them).
    /// </summary>
    public static ClusterEnsureRequest ToEnsureRequest(string clusterId, ClusterProperties live, ClusterSpec desired, IEnumerable<ChangeableField> fields, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(password);
        var properties = live with
        {
            Credentials = new PostgresCredentials { Username = desired.Username, Password = password, Database = desired.DatabaseName },
            RestoreFromBackup = null,
        };
        foreach (var field in fields)
        {
            properties = field switch
            {
                ChangeableField.PostgresVersion => properties with { Version = desired.PostgresVersion },
                ChangeableField.Instances => properties with { Instances = (properties.Instances ?? new()) with { Count = desired.Instances } },
                ChangeableField.Cores => properties with { Instances = (properties.Instances ?? new()) with { Cores = desired.Cores } },
                ChangeableField.RamGb => properties with { Instances = (properties.Instances ?? new()) with { Ram = desired.RamGb } },
                ChangeableField.StorageGb => properties with { Instances = (properties.Instances ?? new()) with { StorageSize = desired.StorageGb } },
                ChangeableField.ReplicationMode => properties with { ReplicationMode = ToWire(desired.ReplicationMode) },
                ChangeableField.ConnectionPooler => properties with { ConnectionPooler = ToWire(desired.ConnectionPooler) },
                ChangeableField.MaintenanceDay => properties with
                {
                    MaintenanceWindow = (properties.MaintenanceWindow ?? new()) with { DayOfTheWeek = desired.MaintenanceDay },
                },
                ChangeableField.MaintenanceTime => properties with
                {
                    MaintenanceWindow = (properties.MaintenanceWindow ?? new()) with { Time = desired.MaintenanceTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) },
                },
                ChangeableField.RetentionDays => properties with { Backup = (properties.Backup ?? new()) with { RetentionDays = desired.RetentionDays } },
                _ => throw new ArgumentOutOfRangeException(nameof(fields), field, "Not a changeable field."),
            };
        }

        return new ClusterEnsureRequest { Id = clusterId, Properties = properties };
    }

    /// <summary>
    /// A cluster as IONOS returned it, as a spec to compare with a request's baseline and desired state. Username and
    /// database are never returned, so they come from <paramref name="credentialsFrom"/>.
    /// </summary>
    public static ClusterSpec FromRead(ClusterProperties live, ClusterSpec credentialsFrom)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(credentialsFrom);
        return new ClusterSpec
        {
            Name = live.Name ?? "",
            Description = live.Description,
            PostgresVersion = live.Version ?? "",
            Instances = live.Instances?.Count ?? 0,
            Cores = live.Instances?.Cores ?? 0,
            RamGb = live.Instances?.Ram ?? 0,
            StorageGb = live.Instances?.StorageSize ?? 0,
            ReplicationMode = live.ReplicationMode == WireReplicationMode.StrictlySynchronous
                ? Application.Domain.Requests.ReplicationMode.StrictlySynchronous
                : Application.Domain.Requests.ReplicationMode.Asynchronous,
            ConnectionPooler = live.ConnectionPooler switch
            {
                WireConnectionPooler.Transaction => Application.Domain.Requests.ConnectionPooler.Transaction,
                WireConnectionPooler.Session => Application.Domain.Requests.ConnectionPooler.Session,
                _ => Application.Domain.Requests.ConnectionPooler.Disabled,
            },
            DatacenterId = live.Connection?.DatacenterId ?? "",
            LanId = live.Connection?.LanId ?? "",
            PrimaryInstanceAddress = live.Connection?.PrimaryInstanceAddress ?? "",
            MaintenanceDay = live.MaintenanceWindow?.DayOfTheWeek ?? DayOfWeek.Sunday,
            MaintenanceTime = TimeOnly.TryParseExact(live.MaintenanceWindow?.Time, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ? start : default,
            BackupLocation = live.Backup?.Location ?? "",
            RetentionDays = live.Backup?.RetentionDays ?? 0,
            Username = credentialsFrom.Username,
            DatabaseName = credentialsFrom.DatabaseName,
            LogsEnabled = live.LogsEnabled ?? false,
            MetricsEnabled = live.MetricsEnabled ?? false,
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
