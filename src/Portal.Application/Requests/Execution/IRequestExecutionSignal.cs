namespace Portal.Application.Requests.Execution;

/// <summary>
/// Port: wakes the request executor at once (after an approval), instead of waiting for its next timer tick.
/// A wake-up is a hint; the executor always re-reads the database, so a lost signal only costs one timer interval.
/// </summary>
public interface IRequestExecutionSignal
{
    void Wake();
}
