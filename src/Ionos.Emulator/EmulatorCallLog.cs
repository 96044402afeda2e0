namespace Ionos.Emulator;

/// <summary>One request the API received. <see cref="Path"/> has no region or <c>/v2</c> prefix; Region is null for the Cloud API.</summary>
public sealed record EmulatorCall(string Method, string? Region, string Path, int Status, DateTimeOffset At);

/// <summary>Every API request received since start or the last reset (admin endpoints are not counted).</summary>
public sealed class EmulatorCallLog
{
    private readonly Lock _lock = new();
    private readonly List<EmulatorCall> _calls = [];

    public IReadOnlyList<EmulatorCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>How many requests matched the method (null = any), path pattern (see <see cref="PathPattern"/>) and region (null = any).</summary>
    public int Count(string? method, string pathPattern, string? region = null)
    {
        lock (_lock)
        {
            return _calls.Count(c =>
                (method is null || string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase))
                && (region is null || string.Equals(c.Region, region, StringComparison.OrdinalIgnoreCase))
                && PathPattern.Matches(pathPattern, c.Path));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _calls.Clear();
        }
    }

    internal void Record(EmulatorCall call)
    {
        lock (_lock)
        {
            _calls.Add(call);
        }
    }
}
