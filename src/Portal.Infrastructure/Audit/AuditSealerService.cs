using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Audit;

/// <summary>
/// Runs the <see cref="AuditSealer"/> on every replica: seals everything committed, then waits until a commit with audit
/// entries wakes it or <see cref="AuditSealerOptions.SealInterval"/> passes (for entries other replicas wrote). After a
/// round that sealed something it first pauses <see cref="AuditSealerOptions.SealPause"/>, so a busy portal seals many
/// commits per round (wake-ups during the pause are kept). A failed round is logged and never stops the loop; the next
/// round seals what it left.
/// </summary>
public sealed partial class AuditSealerService(
    AuditSealer sealer,
    AuditSealerSignal signal,
    IOptions<AuditSealerOptions> options,
    TimeProvider timeProvider,
    ILogger<AuditSealerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SealInterval;
        var pause = options.Value.SealPause;
        while (!stoppingToken.IsCancellationRequested)
        {
            var count = 0;
            try
            {
                count = await sealer.SealAsync(stoppingToken);
                if (count > 0)
                {
                    LogSealed(logger, count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRoundFailed(logger, exception);
            }

            try
            {
                if (count > 0 && pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, timeProvider, stoppingToken);
                }

                await signal.WaitAsync(interval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sealed {Count} audit entries into the chain")]
    private static partial void LogSealed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sealing audit entries failed; the next round retries")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
