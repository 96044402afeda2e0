namespace Ionos.Emulator;

public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.Status"/> and the Error body instead of running the request.</summary>
    Status,

    /// <summary>Wait <see cref="FaultRule.Delay"/> (real time) before running the request.</summary>
    Latency,

    /// <summary>Run the request (a POST does create the cluster), then abort the connection instead of answering.</summary>
    Drop,
}

/// <summary>
/// One injected fault. <see cref="Path"/> is matched against the path without region or <c>/v2</c> prefix, segment by segment:
/// <c>*</c> matches one segment, <c>**</c> the rest (e.g. <c>/clusters</c>, <c>/clusters/*</c>, <c>/**</c>, <c>/cloudapi/v6/**</c>).
/// </summary>
public sealed record FaultRule
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>HTTP method, or null for any.</summary>
    public string? Method { get; init; }

    public string Path { get; init; } = "/**";

    /// <summary>Region, or null for any (the Cloud API has no region).</summary>
    public string? Region { get; init; }

    public FaultKind Kind { get; init; } = FaultKind.Status;

    public int Status { get; init; } = 500;

    /// <summary>Sent as <c>Retry-After</c> (seconds) with a status fault; 429 defaults to 1 when not set.</summary>
    public int? RetryAfterSeconds { get; init; }

    public TimeSpan Delay { get; init; }

    /// <summary>How many more requests this rule applies to; null means always.</summary>
    public int? Times { get; init; }
}

/// <summary>The run-time fault rules, shared by every request of one emulator (also editable over <c>/_emulator/faults</c>).</summary>
public sealed class EmulatorFaults
{
    private readonly Lock _lock = new();
    private readonly List<FaultRule> _rules = [];

    public IReadOnlyList<FaultRule> Rules
    {
        get
        {
            lock (_lock)
            {
                return [.. _rules];
            }
        }
    }

    public FaultRule Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            _rules.Add(rule);
        }

        return rule;
    }

    public bool Remove(Guid id)
    {
        lock (_lock)
        {
            return _rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>Takes the rules that apply to this request, using up one of their <see cref="FaultRule.Times"/>.</summary>
    internal IReadOnlyList<FaultRule> Take(string method, string? region, string path)
    {
        lock (_lock)
        {
            var taken = new List<FaultRule>();
            var answered = false;
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (!Matches(rule, method, region, path) || (answered && rule.Kind != FaultKind.Latency))
                {
                    continue;
                }

                answered |= rule.Kind != FaultKind.Latency;
                taken.Add(rule);
                if (rule.Times is { } times)
                {
                    if (times <= 1)
                    {
                        _rules.RemoveAt(i);
                        i--;
                    }
                    else
                    {
                        _rules[i] = rule with { Times = times - 1 };
                    }
                }
            }

            return taken;
        }
    }

    private static bool Matches(FaultRule rule, string method, string? region, string path) =>
        (rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase))
        && (rule.Region is null || string.Equals(rule.Region, region, StringComparison.OrdinalIgnoreCase))
        && PathPattern.Matches(rule.Path, path);
}

/// <summary>Segment patterns shared by fault rules and call counting.</summary>
public static class PathPattern
{
    public static bool Matches(string pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        var p = pattern.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var s = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < p.Length; i++)
        {
            if (p[i] == "**")
            {
                return true;
            }

            if (i >= s.Length || (p[i] != "*" && !string.Equals(p[i], s[i], StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return p.Length == s.Length;
    }
}
