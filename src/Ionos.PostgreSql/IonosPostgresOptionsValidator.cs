using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Ionos.PostgreSql;

/// <summary>Fails start-up with messages that name the setting, e.g. <c>Ionos:Regions:0:Code</c>.</summary>
internal sealed partial class IonosPostgresOptionsValidator(string sectionPath) : IValidateOptions<IonosPostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, IonosPostgresOptions options)
    {
        var failures = new List<string>();
        var prefix = sectionPath;

        if (options.Regions.Count == 0)
        {
            failures.Add($"{prefix}:Regions must list at least one region, e.g. {{ \"Code\": \"de-txl\" }}.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Regions.Count; i++)
        {
            var region = options.Regions[i];
            var code = region?.Code?.Trim() ?? "";
            if (!RegionCodePattern().IsMatch(code))
            {
                failures.Add($"{prefix}:Regions:{i}:Code must be a region code like de-txl (got '{code}').");
            }
            else if (!seen.Add(code))
            {
                failures.Add($"{prefix}:Regions:{i}:Code repeats region '{code}'.");
            }

            if (region?.BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
            {
                failures.Add($"{prefix}:Regions:{i}:BaseUrl must be an absolute http or https URL.");
            }
        }

        if (options.ResolveToken() is null)
        {
            failures.Add($"{prefix}:Token is empty and the environment variable '{options.TokenEnvironmentVariable}' " +
                $"(named by {prefix}:TokenEnvironmentVariable) is not set.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:AttemptTimeout must be positive.");
        }

        if (options.TotalTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:TotalTimeout must be positive.");
        }
        else if (options.AttemptTimeout > options.TotalTimeout)
        {
            failures.Add($"{prefix}:AttemptTimeout must not be longer than {prefix}:TotalTimeout.");
        }

        if (options.MaxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{prefix}:MaxRetryAttempts must be between 0 and 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero)
        {
            failures.Add($"{prefix}:RetryBaseDelay, {prefix}:RetryMaxDelay and {prefix}:MaxRetryAfter must not be negative.");
        }

        if (options.PageSize is < 1 or > IonosPaging.MaxPageSize)
        {
            failures.Add($"{prefix}:PageSize must be between 1 and {IonosPaging.MaxPageSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z]{2}-[a-z0-9]{2,16}$")]
    private static partial Regex RegionCodePattern();
}
