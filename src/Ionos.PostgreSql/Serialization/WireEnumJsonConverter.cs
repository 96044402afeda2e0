using System.Text.Json;
using System.Text.Json.Serialization;
using Ionos.PostgreSql.Models;

namespace Ionos.PostgreSql.Serialization;

/// <summary>
/// Writes an enum as its exact contract string and reads it tolerantly: a value this client does not know
/// becomes null instead of failing the whole response (the lesson of terraform-provider-ionoscloud #681).
/// </summary>
public abstract class WireEnumJsonConverter<TEnum> : JsonConverter<TEnum?>
    where TEnum : struct, Enum
{
    private readonly Dictionary<TEnum, string> _toWire;
    private readonly Dictionary<string, TEnum> _fromWire;

    protected WireEnumJsonConverter(IReadOnlyDictionary<TEnum, string> wireNames)
    {
        ArgumentNullException.ThrowIfNull(wireNames);
        _toWire = new Dictionary<TEnum, string>(wireNames);
        _fromWire = wireNames.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The contract string for <paramref name="value"/>.</summary>
    public string ToWire(TEnum value) =>
        _toWire.TryGetValue(value, out var wire)
            ? wire
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no contract value for {value}.");

    /// <summary>The enum for a contract string, or null when it is unknown.</summary>
    public TEnum? FromWire(string? wire) =>
        wire is not null && _fromWire.TryGetValue(wire.Trim(), out var value) ? value : null;

    public override TEnum? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return FromWire(reader.GetString());
        }

        reader.Skip();
        return null;
    }

    public override void Write(Utf8JsonWriter writer, TEnum? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } known)
        {
            writer.WriteStringValue(ToWire(known));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

public sealed class ReplicationModeJsonConverter() : WireEnumJsonConverter<ReplicationMode>(
    new Dictionary<ReplicationMode, string>
    {
        [ReplicationMode.Asynchronous] = "ASYNCHRONOUS",
        [ReplicationMode.StrictlySynchronous] = "STRICTLY_SYNCHRONOUS",
    });

public sealed class ConnectionPoolerJsonConverter() : WireEnumJsonConverter<ConnectionPooler>(
    new Dictionary<ConnectionPooler, string>
    {
        [ConnectionPooler.Disabled] = "DISABLED",
        [ConnectionPooler.Transaction] = "TRANSACTION",
        [ConnectionPooler.Session] = "SESSION",
    });

public sealed class DayOfTheWeekJsonConverter() : WireEnumJsonConverter<DayOfWeek>(
    Enum.GetValues<DayOfWeek>().ToDictionary(day => day, day => day.ToString()));
