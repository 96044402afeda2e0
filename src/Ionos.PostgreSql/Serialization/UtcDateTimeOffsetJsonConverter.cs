using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ionos.PostgreSql.Serialization;

/// <summary>
/// Writes UTC timestamps ending in <c>Z</c> (Go clients of this API break on offsets); reads any ISO 8601
/// form, assuming UTC when the zone is missing, as the IONOS SDK does.
/// </summary>
public sealed class UtcDateTimeOffsetJsonConverter : JsonConverter<DateTimeOffset>
{
    private const string WriteFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (DateTimeOffset.TryParse(
                text,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var value))
        {
            return value;
        }

        throw new JsonException($"Expected an ISO 8601 timestamp, got {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString(WriteFormat, CultureInfo.InvariantCulture));
    }
}
