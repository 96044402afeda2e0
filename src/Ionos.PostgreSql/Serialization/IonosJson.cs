using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ionos.PostgreSql.Serialization;

/// <summary>The one set of JSON rules for the IONOS contract: exact keys, nulls omitted, tolerant reading.</summary>
public static class IonosJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.Converters.Add(new UtcDateTimeOffsetJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
