using Microsoft.Extensions.Logging;

namespace Ionos.PostgreSql;

/// <summary>
/// Logs one line per HTTP attempt (it sits inside the resilience handler, so retries show up): region, method,
/// path, status and duration. Deliberately nothing else: no query string, no headers, no body.
/// </summary>
internal sealed class IonosRequestLoggingHandler(ILogger<IonosRequestLoggingHandler> logger, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var region = request.Options.TryGetValue(IonosPostgresClient.RegionOption, out var r) ? r : "-";
        var path = request.RequestUri?.AbsolutePath ?? "";
        var started = timeProvider.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var elapsed = ElapsedMs(started);
            Log.RequestCompleted(logger, region, request.Method.Method, path, (int)response.StatusCode, elapsed);
            return response;
        }
        catch (Exception ex)
        {
            var elapsed = ElapsedMs(started);
            Log.RequestFailed(logger, region, request.Method.Method, path, elapsed, ex.GetType().Name);
            throw;
        }
    }

    private long ElapsedMs(long started) => (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
}
