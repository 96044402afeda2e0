using Microsoft.Extensions.Logging;

namespace Ionos.PostgreSql;

/// <summary>
/// Logs one line per HTTP attempt (it sits inside the resilience handler, so retries show up): region, method,
/// path, status and duration. Deliberately nothing else: no query string, no headers, no body. The same attempt is
/// measured in <see cref="IonosClientMetrics"/>.
/// </summary>
internal sealed class IonosRequestLoggingHandler(ILogger<IonosRequestLoggingHandler> logger, IonosClientMetrics metrics, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var region = request.Options.TryGetValue(IonosPostgresClient.RegionOption, out var r) ? r : "-";
        var path = request.RequestUri?.AbsolutePath ?? "";
        var started = timeProvider.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var elapsed = timeProvider.GetElapsedTime(started);
            Log.RequestCompleted(logger, region, request.Method.Method, path, (int)response.StatusCode, (long)elapsed.TotalMilliseconds);
            metrics.Record(region, request.Method, path, (int)response.StatusCode, null, elapsed);
            return response;
        }
        catch (Exception ex)
        {
            var elapsed = timeProvider.GetElapsedTime(started);
            Log.RequestFailed(logger, region, request.Method.Method, path, (long)elapsed.TotalMilliseconds, ex.GetType().Name);
            metrics.Record(region, request.Method, path, null, ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : ex.GetType().Name, elapsed);
            throw;
        }
    }
}
