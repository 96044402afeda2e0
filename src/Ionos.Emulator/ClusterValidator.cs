using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ionos.Emulator;

/// <summary>restoreFromBackup as sent: the new-cluster form has a source backup, the in-place form only a target time.</summary>
internal sealed record RestoreRequest(Guid? SourceBackupId, DateTimeOffset? RecoveryTargetDatetime);

/// <summary>
/// Reads a request's <c>properties</c> and collects one message per violated rule of the contract, naming the field
/// (e.g. <c>properties.instances.cores must be between 1 and 62</c>). Rules that need the store live in the API.
/// </summary>
internal static partial class ClusterValidator
{
    public static readonly string[] ReplicationModes = ["ASYNCHRONOUS", "STRICTLY_SYNCHRONOUS"];
    public static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    public static readonly string[] Poolers = ["DISABLED", "TRANSACTION", "SESSION"];
    public static readonly string[] ReservedUsernames = ["postgres", "admin", "standby"];

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_]+$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$")]
    private static partial Regex TimePattern();

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex DigitsPattern();

    public static ClusterSpec Read(JsonObject properties, bool credentialsRequired, List<string> errors, out RestoreRequest? restore)
    {
        var reader = new FieldReader(errors);
        var spec = new ClusterSpec();

        var name = reader.String(properties, "name", "properties.name", required: true);
        if (name is not null)
        {
            spec.Name = name;
            if (name.Length is < 2 or > 63)
            {
                errors.Add("properties.name must be between 2 and 63 characters long");
            }

            if (!NamePattern().IsMatch(name))
            {
                errors.Add("properties.name must begin and end with an alphanumeric character and contain only alphanumerics, '-', '_' and '.'");
            }
        }

        spec.Description = reader.String(properties, "description", "properties.description", required: false);
        spec.Version = reader.String(properties, "version", "properties.version", required: true) ?? "";

        if (reader.Object(properties, "instances", "properties.instances", required: true) is { } instances)
        {
            spec.Count = reader.Int(instances, "count", "properties.instances.count", 1, 5);
            spec.Cores = reader.Int(instances, "cores", "properties.instances.cores", 1, 62);
            spec.Ram = reader.Int(instances, "ram", "properties.instances.ram", 4, 240);
            spec.StorageSize = reader.Int(instances, "storageSize", "properties.instances.storageSize", 10, 4096);
        }

        if (reader.Object(properties, "connection", "properties.connection", required: true) is { } connection)
        {
            spec.DatacenterId = reader.String(connection, "datacenterId", "properties.connection.datacenterId", required: true) ?? "";
            if (spec.DatacenterId.Length > 0 && !Guid.TryParseExact(spec.DatacenterId, "D", out _))
            {
                errors.Add("properties.connection.datacenterId must be a UUID");
            }

            spec.LanId = reader.String(connection, "lanId", "properties.connection.lanId", required: true) ?? "";
            if (spec.LanId.Length > 0 && !DigitsPattern().IsMatch(spec.LanId))
            {
                errors.Add("properties.connection.lanId must be a numeric string");
            }

            spec.PrimaryInstanceAddress = reader.String(connection, "primaryInstanceAddress", "properties.connection.primaryInstanceAddress", required: true) ?? "";
            if (spec.PrimaryInstanceAddress.Length > 0)
            {
                CheckAddress(spec.PrimaryInstanceAddress, errors);
            }
        }

        if (reader.Object(properties, "maintenanceWindow", "properties.maintenanceWindow", required: true) is { } window)
        {
            spec.MaintenanceTime = reader.String(window, "time", "properties.maintenanceWindow.time", required: true) ?? "";
            if (spec.MaintenanceTime.Length > 0 && !TimePattern().IsMatch(spec.MaintenanceTime))
            {
                errors.Add("properties.maintenanceWindow.time must be a UTC time of the form HH:MM:SS");
            }

            spec.MaintenanceDay = reader.Enum(window, "dayOfTheWeek", "properties.maintenanceWindow.dayOfTheWeek", Days, required: true) ?? "";
        }

        spec.ReplicationMode = reader.Enum(properties, "replicationMode", "properties.replicationMode", ReplicationModes, required: true) ?? "";
        if (spec.ReplicationMode == "STRICTLY_SYNCHRONOUS" && spec.Count is > 0 and < 3)
        {
            errors.Add("properties.replicationMode STRICTLY_SYNCHRONOUS requires properties.instances.count of at least 3");
        }

        spec.ConnectionPooler = reader.Enum(properties, "connectionPooler", "properties.connectionPooler", Poolers, required: false) ?? "DISABLED";
        spec.LogsEnabled = reader.Bool(properties, "logsEnabled", "properties.logsEnabled");
        spec.MetricsEnabled = reader.Bool(properties, "metricsEnabled", "properties.metricsEnabled");

        if (reader.Object(properties, "backup", "properties.backup", required: true) is { } backup)
        {
            spec.BackupLocation = reader.String(backup, "location", "properties.backup.location", required: true) ?? "";
            spec.RetentionDays = reader.Int(backup, "retentionDays", "properties.backup.retentionDays", 1, 365);
        }

        if (reader.Object(properties, "credentials", "properties.credentials", credentialsRequired) is { } credentials)
        {
            ReadCredentials(reader, credentials, spec, errors);
        }

        restore = null;
        if (reader.Object(properties, "restoreFromBackup", "properties.restoreFromBackup", required: false) is { } restoreNode)
        {
            var source = reader.String(restoreNode, "sourceBackupId", "properties.restoreFromBackup.sourceBackupId", required: false);
            Guid? sourceId = null;
            if (source is not null)
            {
                if (Guid.TryParseExact(source, "D", out var parsed))
                {
                    sourceId = parsed;
                }
                else
                {
                    errors.Add("properties.restoreFromBackup.sourceBackupId must be a UUID");
                }
            }

            var target = reader.String(restoreNode, "recoveryTargetDatetime", "properties.restoreFromBackup.recoveryTargetDatetime", required: false);
            DateTimeOffset? targetTime = null;
            if (target is not null)
            {
                if (DateTimeOffset.TryParse(target, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                {
                    targetTime = t;
                }
                else
                {
                    errors.Add("properties.restoreFromBackup.recoveryTargetDatetime must be an RFC 3339 date-time");
                }
            }

            if (source is null && target is null)
            {
                errors.Add("properties.restoreFromBackup must contain sourceBackupId or recoveryTargetDatetime");
            }

            restore = new RestoreRequest(sourceId, targetTime);
        }

        return spec;
    }

    private static void ReadCredentials(FieldReader reader, JsonObject credentials, ClusterSpec spec, List<string> errors)
    {
        var username = reader.String(credentials, "username", "properties.credentials.username", required: true);
        if (username is not null)
        {
            if (username.Length > 16 || !IdentifierPattern().IsMatch(username))
            {
                errors.Add("properties.credentials.username must be 1 to 16 characters of [A-Za-z0-9_]");
            }

            if (ReservedUsernames.Contains(username, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"properties.credentials.username '{username}' is reserved");
            }

            spec.Username = username;
        }

        var database = reader.String(credentials, "database", "properties.credentials.database", required: true);
        if (database is not null)
        {
            if (database.Length > 63 || !IdentifierPattern().IsMatch(database))
            {
                errors.Add("properties.credentials.database must be 1 to 63 characters of [A-Za-z0-9_]");
            }

            spec.Database = database;
        }

        // The password is checked and then dropped: it is never stored, returned, persisted or logged.
        var password = reader.String(credentials, "password", "properties.credentials.password", required: true);
        if (password is not null)
        {
            if (password.Length < 8)
            {
                errors.Add("properties.credentials.password must be at least 8 characters long");
            }

            if (!password.Any(char.IsAsciiLetterLower))
            {
                errors.Add("properties.credentials.password must contain at least one lowercase letter");
            }

            if (!password.Any(char.IsAsciiLetterUpper))
            {
                errors.Add("properties.credentials.password must contain at least one uppercase letter");
            }

            if (!password.Any(char.IsAsciiDigit))
            {
                errors.Add("properties.credentials.password must contain at least one digit");
            }

            if (!password.Any(c => "@$!%*?&".Contains(c, StringComparison.Ordinal)))
            {
                errors.Add("properties.credentials.password must contain at least one special character from @$!%*?&");
            }
        }
    }

    private static void CheckAddress(string value, List<string> errors)
    {
        var parts = value.Split('/');
        if (parts.Length != 2
            || parts[0].Split('.').Length != 4
            || !IPAddress.TryParse(parts[0], out var address)
            || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !DigitsPattern().IsMatch(parts[1])
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix is < 1 or > 32)
        {
            errors.Add("properties.connection.primaryInstanceAddress must be an IPv4 address with prefix length, e.g. 192.168.1.100/24");
            return;
        }

        var bytes = address.GetAddressBytes();
        if (bytes[0] == 10 && (bytes[1] & 0xF0) == 208)
        {
            errors.Add("properties.connection.primaryInstanceAddress must not be inside the reserved range 10.208.0.0/12");
        }
    }

    /// <summary>Reads typed fields; a missing required field or a value of the wrong JSON type adds a message.</summary>
    private sealed class FieldReader(List<string> errors)
    {
        public string? String(JsonObject parent, string key, string path, bool required)
        {
            var node = parent[key];
            if (node is null)
            {
                if (required)
                {
                    errors.Add($"{path} is required");
                }

                return null;
            }

            if (node.GetValueKind() != JsonValueKind.String)
            {
                errors.Add($"{path} must be a string");
                return null;
            }

            var value = node.GetValue<string>();
            if (required && value.Length == 0)
            {
                errors.Add($"{path} is required");
                return null;
            }

            return value;
        }

        public string? Enum(JsonObject parent, string key, string path, string[] allowed, bool required)
        {
            var value = String(parent, key, path, required);
            if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
            {
                errors.Add($"{path} must be one of {string.Join(", ", allowed)}");
                return null;
            }

            return value;
        }

        public int Int(JsonObject parent, string key, string path, int min, int max)
        {
            var node = parent[key];
            if (node is null)
            {
                errors.Add($"{path} is required");
                return 0;
            }

            if (node.GetValueKind() != JsonValueKind.Number || !node.AsValue().TryGetValue<int>(out var value))
            {
                errors.Add($"{path} must be an integer");
                return 0;
            }

            if (value < min || value > max)
            {
                errors.Add($"{path} must be between {min} and {max}");
            }

            return value;
        }

        public bool Bool(JsonObject parent, string key, string path)
        {
            var node = parent[key];
            if (node is null)
            {
                return false;
            }

            if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add($"{path} must be a boolean");
                return false;
            }

            return node.GetValue<bool>();
        }

        public JsonObject? Object(JsonObject parent, string key, string path, bool required)
        {
            var node = parent[key];
            if (node is null)
            {
                if (required)
                {
                    errors.Add($"{path} is required");
                }

                return null;
            }

            if (node is not JsonObject obj)
            {
                errors.Add($"{path} must be an object");
                return null;
            }

            return obj;
        }
    }
}
