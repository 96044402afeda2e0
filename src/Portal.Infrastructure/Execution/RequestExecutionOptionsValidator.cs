using Microsoft.Extensions.Options;

namespace Portal.Infrastructure.Execution;

/// <summary>Checks <see cref="RequestExecutionOptions"/> when the host starts; every message names the setting.</summary>
/// <param name="ionosTotalTimeout">The IONOS client's total time limit per call, when known: a lease must outlast a POST.</param>
public sealed class RequestExecutionOptionsValidator(TimeSpan? ionosTotalTimeout = null) : IValidateOptions<RequestExecutionOptions>
{
    /// <summary>The lease owner column's length.</summary>
    public const int InstanceNameMaxLength = 200;

    private const string Section = RequestExecutionOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RequestExecutionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        Positive(errors, nameof(options.PollInterval), options.PollInterval, "00:00:05");
        Positive(errors, nameof(options.LeaseDuration), options.LeaseDuration, "00:02:00");
        Positive(errors, nameof(options.RetryBaseDelay), options.RetryBaseDelay, "00:00:05");
        Positive(errors, nameof(options.RetryMaxDelay), options.RetryMaxDelay, "00:05:00");
        Positive(errors, nameof(options.FailedFinalAfter), options.FailedFinalAfter, "00:10:00");
        Positive(errors, nameof(options.ProvisioningTimeout), options.ProvisioningTimeout, "01:00:00");

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add($"{Section}:RetryMaxDelay ({options.RetryMaxDelay}) must not be shorter than {Section}:RetryBaseDelay ({options.RetryBaseDelay}).");
        }

        if (ionosTotalTimeout is { } total && options.LeaseDuration <= total)
        {
            errors.Add(
                $"{Section}:LeaseDuration ({options.LeaseDuration}) must be longer than Ionos:TotalTimeout ({total}): " +
                "a POST still running when its lease expires could be sent again by another replica.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            errors.Add($"{Section}:BatchSize must be between 1 and 1000 (it is {options.BatchSize}).");
        }

        if (string.IsNullOrWhiteSpace(options.InstanceName) || options.InstanceName.Length > InstanceNameMaxLength)
        {
            errors.Add($"{Section}:InstanceName must be 1-{InstanceNameMaxLength} characters, unique per replica (default: machine name and process id).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Positive(List<string> errors, string setting, TimeSpan value, string example)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:{setting} must be a positive duration such as {example} (it is {value}).");
        }
    }
}
