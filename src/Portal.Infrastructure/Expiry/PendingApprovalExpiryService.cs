using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Requests.Expiry;

namespace Portal.Infrastructure.Expiry;

/// <summary>
/// Runs <see cref="PendingRequestExpiry"/> at start and then every <see cref="RequestExpiryOptions.ExpirySweepInterval"/>
/// on the injected clock. Every replica runs it; the request's concurrency token makes each expiry happen once. A failed
/// sweep is logged and never stops the loop.
/// </summary>
public sealed partial class PendingApprovalExpiryService(
    PendingRequestExpiry expiry,
    IOptions<RequestExpiryOptions> options,
    TimeProvider time,
    ILogger<PendingApprovalExpiryService> logger) : BackgroundService
{
    /// <summary>Raised after every sweep (also a failed one) with how many requests it expired, so tests can wait for a sweep instead of sleeping.</summary>
    public event Action<int>? Swept;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ExpirySweepInterval;
        LogStarted(logger, options.Value.PendingApprovalExpiry, interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            var expired = 0;
            try
            {
                expired = await expiry.ExpireDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogSweepFailed(logger, exception);
            }

            // The timer starts before anyone hears of the sweep, so a clock advanced on that news always reaches it.
            var next = Task.Delay(interval, time, stoppingToken);
            Swept?.Invoke(expired);
            try
            {
                await next;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pending requests expire after {Expiry}; checked every {Interval}")]
    private static partial void LogStarted(ILogger logger, TimeSpan expiry, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiring pending requests failed; the next sweep tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
