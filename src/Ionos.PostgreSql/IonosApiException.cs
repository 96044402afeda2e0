using System.Net;
using System.Text;
using System.Text.Json;
using Ionos.PostgreSql.Models;
using Ionos.PostgreSql.Serialization;

namespace Ionos.PostgreSql;

/// <summary>
/// The one exception for every non-success IONOS response. Carries the status, the API's error messages, the
/// method and the request path (never the host's query, headers or the token), and Retry-After when sent.
/// </summary>
public sealed class IonosApiException : Exception
{
    public IonosApiException()
        : this("IONOS API request failed.")
    {
    }

    public IonosApiException(string message)
        : base(message)
    {
        Messages = [];
        Method = HttpMethod.Get;
        Path = "";
    }

    public IonosApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Messages = [];
        Method = HttpMethod.Get;
        Path = "";
    }

    public IonosApiException(
        HttpMethod method,
        string path,
        HttpStatusCode statusCode,
        IReadOnlyList<IonosErrorMessage> messages,
        TimeSpan? retryAfter = null,
        string? region = null)
        : base(FormatMessage(method, path, statusCode, messages))
    {
        ArgumentNullException.ThrowIfNull(method);
        Method = method;
        Path = path;
        StatusCode = statusCode;
        Messages = messages;
        RetryAfter = retryAfter;
        Region = region;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>messages</c> of the Error body; empty when the body was empty or not the Error JSON.</summary>
    public IReadOnlyList<IonosErrorMessage> Messages { get; }

    /// <summary>From the <c>Retry-After</c> header (usually on 429 and 503).</summary>
    public TimeSpan? RetryAfter { get; }

    public HttpMethod Method { get; }

    /// <summary>Request path only, e.g. <c>/clusters/{id}</c>.</summary>
    public string Path { get; }

    public string? Region { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>409: on PUT, typically a cluster that is not AVAILABLE.</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    public bool IsRateLimited => StatusCode == HttpStatusCode.TooManyRequests;

    /// <summary>422 (validation) or 400 (parse/validation error).</summary>
    public bool IsValidation => StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest;

    internal static async Task<IonosApiException> FromResponseAsync(
        HttpResponseMessage response,
        HttpMethod method,
        string path,
        string? region,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var messages = await ReadMessagesAsync(response, cancellationToken);
        return new IonosApiException(method, path, response.StatusCode, messages, ReadRetryAfter(response, timeProvider), region);
    }

    private static async Task<IReadOnlyList<IonosErrorMessage>> ReadMessagesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return [];
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            var error = JsonSerializer.Deserialize<IonosError>(body, IonosJson.Options);
            return error?.Messages?.Where(m => m is not null).ToArray() ?? [];
        }
        catch (JsonException)
        {
            // A proxy's HTML page or plain text: the status still tells the story.
            return [];
        }
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string FormatMessage(HttpMethod method, string path, HttpStatusCode statusCode, IReadOnlyList<IonosErrorMessage> messages)
    {
        var text = new StringBuilder()
            .Append("IONOS API ").Append(method?.Method).Append(' ').Append(path)
            .Append(" failed with ").Append((int)statusCode).Append(' ').Append(statusCode);
        if (messages is { Count: > 0 })
        {
            text.Append(": ").AppendJoin("; ", messages.Select(m => $"[{m.ErrorCode}] {m.Message}"));
        }

        return text.ToString();
    }
}
