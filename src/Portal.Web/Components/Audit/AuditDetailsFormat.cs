using System.Text.Json;

namespace Portal.Web.Components.Audit;

/// <summary>Details JSON for reading: indented when it parses, as stored when it does not.</summary>
public static class AuditDetailsFormat
{
    // The page HTML-encodes what it shows, so the JSON need not escape "<" or accents as \uXXXX.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Pretty(string details)
    {
        ArgumentNullException.ThrowIfNull(details);
        try
        {
            using var document = JsonDocument.Parse(details);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return details;
        }
    }

    /// <summary>A one-line preview for the table.</summary>
    public static string Summary(string details, int maxLength = 80)
    {
        ArgumentNullException.ThrowIfNull(details);
        var line = details.ReplaceLineEndings(" ");
        return line.Length <= maxLength ? line : string.Concat(line.AsSpan(0, maxLength - 1), "…");
    }
}
