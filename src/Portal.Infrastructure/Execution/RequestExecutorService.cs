using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Telemetry;

namespace Portal.Infrastructure.Execution;

/// <summary>
/// Runs the <see cref="ClusterRequestExecutor"/>: one round, then a wait until an approval wakes it or the poll
/// interval passes. A full batch goes round again at once. A failed round is logged and never stops the loop.
/// </summary>
public sealed class RequestExecutorService(
    ClusterRequestExecutor executor,
    RequestExecutionSignal signal,
    IOptions<RequestExecutionOptions> options,
    TimeProvider timeProvider,
    ILogger<RequestExecutorService> logger,
    PortalMetrics? metrics = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        ExecutionLog.Started(logger, settings.InstanceName, settings.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await executor.RunOnceAsync(stoppingToken);
                metrics?.ExecutorRound(claimed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                ExecutionLog.IterationFailed(logger, exception);
                metrics?.ExecutorRound(null);
            }

            if (claimed >= settings.BatchSize)
            {
                continue;
            }

            try
            {
                await signal.WaitAsync(settings.PollInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
