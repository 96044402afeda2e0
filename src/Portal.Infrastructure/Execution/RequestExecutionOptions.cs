namespace Portal.Infrastructure.Execution;

/// <summary>Section <c>Portal:Execution</c>: how the request executor claims, retries and follows approved requests.</summary>
public sealed class RequestExecutionOptions
{
    public const string SectionName = "Portal:Execution";

    /// <summary>False runs no executor in this process (another replica, or a dedicated worker, does the work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the executor looks for due work when nothing wakes it, and how often it polls a provisioning cluster.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claim keeps other replicas off a request; renewed before every POST. Must outlast one IONOS call.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First delay after an ambiguous or refused-for-now attempt; doubled per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>FAILED is transient in IONOS: it becomes the request's final state only when it persists this long.</summary>
    public TimeSpan FailedFinalAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>No final state this long after the cluster first appeared in IONOS: the request needs a human.</summary>
    public TimeSpan ProvisioningTimeout { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>How many requests one claim takes.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>The lease owner written on claimed requests: unique per replica.</summary>
    public string InstanceName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1: exponential from <see cref="RetryBaseDelay"/>, capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = RetryBaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
