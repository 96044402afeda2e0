using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Portal.Application.Audit;

namespace Portal.Web.Components.Audit;

/// <summary>
/// An <see cref="AuditFilter"/> as query-string parameters (actor, action, team, cluster, from, to), the one format the
/// audit page's export link writes and the CSV endpoint reads. Times are ISO 8601 UTC.
/// </summary>
public static class AuditFilterQuery
{
    public const string ExportPath = "/audit/export.csv";

    public static string ExportUrl(AuditFilter filter) => QueryHelpers.AddQueryString(ExportPath, ToParameters(filter));

    public static Dictionary<string, string?> ToParameters(AuditFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var f = filter.Normalized();
        var parameters = new Dictionary<string, string?>(StringComparer.Ordinal);
        Add(parameters, "actor", f.Actor);
        Add(parameters, "action", f.Action);
        Add(parameters, "team", f.Team);
        Add(parameters, "cluster", f.Cluster);
        Add(parameters, "from", f.From?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Add(parameters, "to", f.To?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return parameters;
    }

    /// <summary>Reads the filter back; a time that does not parse is an error the caller reports, not a silently dropped filter.</summary>
    public static AuditFilter Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new AuditFilter
        {
            Actor = values.GetValueOrDefault("actor"),
            Action = values.GetValueOrDefault("action"),
            Team = values.GetValueOrDefault("team"),
            Cluster = values.GetValueOrDefault("cluster"),
            From = ParseTime(values.GetValueOrDefault("from"), "from"),
            To = ParseTime(values.GetValueOrDefault("to"), "to"),
        }.Normalized();
    }

    private static DateTimeOffset? ParseTime(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new AuditQueryException($"'{name}' is not a time; use ISO 8601 in UTC, for example 2026-03-02T08:00:00Z.");
    }

    private static void Add(Dictionary<string, string?> parameters, string name, string? value)
    {
        if (value is not null)
        {
            parameters[name] = value;
        }
    }
}
