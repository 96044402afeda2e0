using Microsoft.Extensions.Options;

namespace Portal.Application.Requests.Expiry;

/// <summary>Section <c>Portal:Requests</c>: how long a request may wait for a decision, and how often the portal checks.</summary>
public sealed class RequestExpiryOptions
{
    public const string Section = "Portal:Requests";

    /// <summary>A request still pending approval this long after it was submitted expires (its secret is deleted).</summary>
    public TimeSpan PendingApprovalExpiry { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often each replica looks for requests to expire (they are expired once, whichever replica gets there first).</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Checks <see cref="RequestExpiryOptions"/> when the host starts; every message names the setting and an example.</summary>
public sealed class RequestExpiryOptionsValidator : IValidateOptions<RequestExpiryOptions>
{
    public static readonly TimeSpan MinimumExpiry = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaximumExpiry = TimeSpan.FromDays(365);

    public ValidateOptionsResult Validate(string? name, RequestExpiryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.PendingApprovalExpiry < MinimumExpiry || options.PendingApprovalExpiry > MaximumExpiry)
        {
            errors.Add($"{RequestExpiryOptions.Section}:PendingApprovalExpiry must be between 01:00:00 (one hour) and 365.00:00:00 (a year), " +
                $"for example 14.00:00:00 for 14 days (it is {options.PendingApprovalExpiry}).");
        }

        if (options.ExpirySweepInterval <= TimeSpan.Zero || options.ExpirySweepInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{RequestExpiryOptions.Section}:ExpirySweepInterval must be greater than 0 and at most 1.00:00:00, " +
                $"for example 00:15:00 (it is {options.ExpirySweepInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
