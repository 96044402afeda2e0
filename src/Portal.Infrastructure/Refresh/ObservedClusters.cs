using System.Globalization;
using Ionos.PostgreSql.Models;
using Portal.Application.Domain.Clusters;

namespace Portal.Infrastructure.Refresh;

/// <summary>Flattens an IONOS cluster (as listed) into what the snapshot keeps.</summary>
public static class ObservedClusters
{
    public static ObservedCluster From(ClusterRead cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var properties = cluster.Properties ?? new ClusterProperties();
        var metadata = cluster.Metadata ?? new ClusterMetadata();
        return new ObservedCluster
        {
            Name = properties.Name ?? string.Empty,
            Description = string.IsNullOrEmpty(properties.Description) ? null : properties.Description,
            StateRaw = metadata.StateRaw ?? string.Empty,
            PostgresVersion = properties.Version,
            Instances = properties.Instances?.Count ?? 0,
            Cores = properties.Instances?.Cores ?? 0,
            RamGb = properties.Instances?.Ram ?? 0,
            StorageGb = properties.Instances?.StorageSize ?? 0,
            ReplicationMode = properties.ReplicationMode switch
            {
                ReplicationMode.Asynchronous => "ASYNCHRONOUS",
                ReplicationMode.StrictlySynchronous => "STRICTLY_SYNCHRONOUS",
                _ => null,
            },
            ConnectionPooler = properties.ConnectionPooler switch
            {
                ConnectionPooler.Disabled => "DISABLED",
                ConnectionPooler.Transaction => "TRANSACTION",
                ConnectionPooler.Session => "SESSION",
                _ => null,
            },
            DnsName = string.IsNullOrEmpty(metadata.DnsName) ? null : metadata.DnsName,
            DatacenterId = properties.Connection?.DatacenterId,
            LanId = properties.Connection?.LanId,
            PrimaryInstanceAddress = properties.Connection?.PrimaryInstanceAddress,
            MaintenanceDay = properties.MaintenanceWindow?.DayOfTheWeek,
            MaintenanceTime = TimeOnly.TryParseExact(properties.MaintenanceWindow?.Time, "HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var time) ? time : null,
            BackupLocation = properties.Backup?.Location,
            RetentionDays = properties.Backup?.RetentionDays,
            StatusMessage = string.IsNullOrEmpty(metadata.StatusMessage) ? null : metadata.StatusMessage,
            CreatedBy = metadata.CreatedBy,
            CreatedAt = metadata.CreatedDate,
            LastModifiedBy = metadata.LastModifiedBy,
            LastModifiedAt = metadata.LastModifiedDate,
        };
    }
}
