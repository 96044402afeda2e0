using System.Text;
using System.Text.Json.Serialization;

namespace Ionos.PostgreSql.Models;

/// <summary>
/// The initial database user and database. <see cref="Password"/> is write-only in the API and is
/// deliberately left out of <see cref="ToString"/> so it cannot leak through logs or debugger output.
/// </summary>
public sealed record PostgresCredentials
{
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }

    [JsonPropertyName("database")]
    public string? Database { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Username = ").Append(Username)
            .Append(", Password = ").Append(Password is null ? "(none)" : "***")
            .Append(", Database = ").Append(Database);
        return true;
    }
}
