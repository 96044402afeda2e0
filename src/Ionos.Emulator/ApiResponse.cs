using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ionos.Emulator;

/// <summary>An answer computed before anything is written, so a "drop" fault can run the request and still never answer.</summary>
internal sealed record ApiResponse(int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    // Readable output: '&' in _links and quotes in messages stay as they are (still valid JSON).
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ApiResponse Json(int status, JsonNode body) => new(status, body);

    public static ApiResponse Empty(int status) => new(status, null);

    /// <summary>The contract's Error body: <c>{httpStatus, messages:[{errorCode, message}]}</c>, one message per problem.</summary>
    public static ApiResponse Error(int status, IEnumerable<string> messages, IReadOnlyDictionary<string, string>? headers = null)
    {
        var code = ErrorCode(status);
        var list = new JsonArray();
        foreach (var message in messages)
        {
            list.Add(new JsonObject { ["errorCode"] = code, ["message"] = message });
        }

        return new(status, new JsonObject { ["httpStatus"] = status, ["messages"] = list }, headers);
    }

    public static ApiResponse Error(int status, string message) => Error(status, [message]);

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        if (Headers is not null)
        {
            foreach (var (name, value) in Headers)
            {
                context.Response.Headers[name] = value;
            }
        }

        if (Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Body.ToJsonString(Output), context.RequestAborted);
        }
    }

    /// <summary>The real service's application error codes are unknown; these name the status.</summary>
    private static string ErrorCode(int status) => status switch
    {
        400 => "badRequest",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "notFound",
        405 => "methodNotAllowed",
        409 => "conflict",
        415 => "unsupportedMediaType",
        422 => "validationError",
        429 => "tooManyRequests",
        500 => "internalServerError",
        503 => "serviceUnavailable",
        _ => "http" + status.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>Wire formats shared by every endpoint.</summary>
internal static class Wire
{
    /// <summary>UTC, whole seconds, ending in Z (Go clients break on offsets).</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Root(HttpContext context) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
}
