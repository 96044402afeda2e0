using Microsoft.Extensions.Logging;

namespace Ionos.PostgreSql;

/// <summary>Source-generated log lines. Never a token, a header or a body.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "IONOS {Region} {Method} {Path} answered {StatusCode} in {ElapsedMilliseconds} ms")]
    public static partial void RequestCompleted(ILogger logger, string region, string method, string path, int statusCode, long elapsedMilliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "IONOS {Region} {Method} {Path} failed after {ElapsedMilliseconds} ms with {ErrorType}")]
    public static partial void RequestFailed(ILogger logger, string region, string method, string path, long elapsedMilliseconds, string errorType);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug,
        Message = "IONOS client for region {Region} sends to {BaseAddress}")]
    public static partial void ClientCreated(ILogger logger, string region, string baseAddress);
}
