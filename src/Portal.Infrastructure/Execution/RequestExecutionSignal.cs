using Portal.Application.Requests.Execution;

namespace Portal.Infrastructure.Execution;

/// <summary>
/// The executor's wake-up: a singleton that an approval pokes and the executor's loop awaits. Wake-ups coalesce
/// (ten approvals while the executor is busy wake it once more, and it then claims all due work in one go).
/// </summary>
public sealed class RequestExecutionSignal : IRequestExecutionSignal, IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled and not yet consumed: one pending wake-up is enough.
        }
    }

    /// <summary>Waits until <see cref="Wake"/> is called or <paramref name="timeout"/> passes on <paramref name="timeProvider"/>'s clock; true when woken.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _wake.WaitAsync(race.Token);
        var elapsed = Task.Delay(timeout, timeProvider, race.Token);
        await Task.WhenAny(woken, elapsed);

        // Cancel the loser, so an abandoned wait can never swallow a later wake-up.
        await race.CancelAsync();
        await Task.WhenAll(woken, elapsed).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        return woken.IsCompletedSuccessfully;
    }

    public void Dispose() => _wake.Dispose();
}
