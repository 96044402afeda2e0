using System.Globalization;

namespace Portal.Application.Domain.Requests;

/// <summary>The cluster properties a day-2 update may change (IONOS keeps network and backup location fixed).</summary>
public enum ChangeableField
{
    PostgresVersion,
    Instances,
    Cores,
    RamGb,
    StorageGb,
    ReplicationMode,
    ConnectionPooler,
    MaintenanceDay,
    MaintenanceTime,
    RetentionDays,
}

/// <summary>One field of a change: its value before (the baseline) and after (the desired value), as people read them.</summary>
public sealed record FieldChange(ChangeableField Field, string Label, string Before, string After);

/// <summary>
/// The field-by-field difference between two states of a cluster, over the fields an update may change. The request
/// page, the approval card and the executor's conflict check all use this one comparison.
/// </summary>
public static class ClusterChange
{
    public static IReadOnlyList<ChangeableField> Fields { get; } = Enum.GetValues<ChangeableField>();

    /// <summary>Every changeable field whose value differs between <paramref name="before"/> and <paramref name="after"/>, in form order.</summary>
    public static IReadOnlyList<FieldChange> Between(ClusterSpec before, ClusterSpec after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return [.. Fields
            .Where(f => !string.Equals(Value(before, f), Value(after, f), StringComparison.Ordinal))
            .Select(f => new FieldChange(f, Label(f), Value(before, f), Value(after, f)))];
    }

    /// <summary>The field's value as shown to people (and compared): "17", "4 GB", "STRICTLY_SYNCHRONOUS"-like enum names, "09:00:00 UTC".</summary>
    public static string Value(ClusterSpec spec, ChangeableField field)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return field switch
        {
            ChangeableField.PostgresVersion => spec.PostgresVersion,
            ChangeableField.Instances => spec.Instances.ToString(CultureInfo.InvariantCulture),
            ChangeableField.Cores => spec.Cores.ToString(CultureInfo.InvariantCulture),
            ChangeableField.RamGb => $"{spec.RamGb.ToString(CultureInfo.InvariantCulture)} GB",
            ChangeableField.StorageGb => $"{spec.StorageGb.ToString(CultureInfo.InvariantCulture)} GB",
            ChangeableField.ReplicationMode => spec.ReplicationMode.ToString(),
            ChangeableField.ConnectionPooler => spec.ConnectionPooler.ToString(),
            ChangeableField.MaintenanceDay => spec.MaintenanceDay.ToString(),
            ChangeableField.MaintenanceTime => $"{spec.MaintenanceTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC",
            ChangeableField.RetentionDays => $"{spec.RetentionDays.ToString(CultureInfo.InvariantCulture)} days",
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Not a changeable field."),
        };
    }

    public static string Label(ChangeableField field) => field switch
    {
        ChangeableField.PostgresVersion => "PostgreSQL version",
        ChangeableField.Instances => "Instances",
        ChangeableField.Cores => "Cores per instance",
        ChangeableField.RamGb => "RAM per instance",
        ChangeableField.StorageGb => "Storage per instance",
        ChangeableField.ReplicationMode => "Replication mode",
        ChangeableField.ConnectionPooler => "Connection pooler",
        ChangeableField.MaintenanceDay => "Maintenance day",
        ChangeableField.MaintenanceTime => "Maintenance start",
        ChangeableField.RetentionDays => "Backup retention",
        _ => field.ToString(),
    };

    /// <summary><paramref name="target"/> with the given fields taken from <paramref name="source"/>; every other field stays.</summary>
    public static ClusterSpec Apply(ClusterSpec target, ClusterSpec source, IEnumerable<ChangeableField> fields)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var field in fields)
        {
            target = field switch
            {
                ChangeableField.PostgresVersion => target with { PostgresVersion = source.PostgresVersion },
                ChangeableField.Instances => target with { Instances = source.Instances },
                ChangeableField.Cores => target with { Cores = source.Cores },
                ChangeableField.RamGb => target with { RamGb = source.RamGb },
                ChangeableField.StorageGb => target with { StorageGb = source.StorageGb },
                ChangeableField.ReplicationMode => target with { ReplicationMode = source.ReplicationMode },
                ChangeableField.ConnectionPooler => target with { ConnectionPooler = source.ConnectionPooler },
                ChangeableField.MaintenanceDay => target with { MaintenanceDay = source.MaintenanceDay },
                ChangeableField.MaintenanceTime => target with { MaintenanceTime = source.MaintenanceTime },
                ChangeableField.RetentionDays => target with { RetentionDays = source.RetentionDays },
                _ => throw new ArgumentOutOfRangeException(nameof(fields), field, "Not a changeable field."),
            };
        }

        return target;
    }
}
