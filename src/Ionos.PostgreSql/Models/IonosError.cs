using System.Text.Json.Serialization;

namespace Ionos.PostgreSql.Models;

/// <summary>The contract's <c>Error</c> body of every 4xx/5xx response.</summary>
public sealed record IonosError
{
    [JsonPropertyName("httpStatus")]
    public int? HttpStatus { get; init; }

    [JsonPropertyName("messages")]
    public IReadOnlyList<IonosErrorMessage>? Messages { get; init; }
}

public sealed record IonosErrorMessage
{
    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
