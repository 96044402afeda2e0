namespace Portal.Infrastructure.Audit;

/// <summary>
/// The sealer's wake-up: a singleton that a commit with audit entries pokes (<see cref="AuditSealerCommitInterceptor"/>)
/// and the sealer's loop awaits. Wake-ups coalesce: a hundred commits while the sealer is busy wake it once more, and it
/// then seals everything committed by then.
/// </summary>
public sealed class AuditSealerSignal : IDisposable
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
        catch (ObjectDisposedException)
        {
            // The host is shutting down; the next start's timer seals what is left.
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
