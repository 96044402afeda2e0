using System.Globalization;
using System.Text;

namespace Portal.Application.Audit;

/// <summary>
/// Audit entries as RFC 4180 CSV: a header row, CRLF line ends, every field quoted (quotes doubled), so commas, quotes
/// and newlines in details survive. Cells a spreadsheet would read as a formula (leading '=', '+', '-', '@', tab or CR)
/// get a leading apostrophe, so opening an export cannot run anything.
/// </summary>
public static class AuditCsv
{
    public static IReadOnlyList<string> Header { get; } =
        ["id", "occurred_at_utc", "actor_id", "actor_name", "action", "target_type", "target_id", "team", "region", "correlation_id", "details"];

    /// <summary>Writes the header and every record as it arrives; flushes every <paramref name="flushEvery"/> rows so memory stays flat.</summary>
    public static async Task WriteAsync(IAsyncEnumerable<AuditRecord> records, TextWriter writer, int flushEvery = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(FormatRow(Header));
        var rows = 0;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(FormatRecord(record));
            if (++rows % flushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static string FormatRecord(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return FormatRow(
        [
            record.Id.ToString(CultureInfo.InvariantCulture),
            record.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            record.ActorId,
            record.ActorName,
            record.Action,
            record.TargetType,
            record.TargetId,
            record.TeamSlug ?? record.TeamId?.ToString("D") ?? "",
            record.Region ?? "",
            record.CorrelationId,
            record.Details,
        ]);
    }

    /// <summary>One CSV line (ending in CRLF) of quoted, formula-neutralised fields.</summary>
    public static string FormatRow(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var line = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            line.Append('"').Append(Neutralise(fields[i]).Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        return line.Append("\r\n").ToString();
    }

    /// <summary>Prefixes an apostrophe to a cell a spreadsheet would evaluate (OWASP CSV injection).</summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}
