namespace Ionos.PostgreSql;

/// <summary>
/// Settings of the IONOS PostgreSQL v2 client, bound from a configuration section (conventionally <c>Ionos</c>).
/// </summary>
public sealed class IonosPostgresOptions
{
    public const string DefaultSectionName = "Ionos";

    public const string DefaultTokenEnvironmentVariable = "IONOS_TOKEN";

    /// <summary>One logical client per region; each region has its own host.</summary>
    public IList<IonosRegionOptions> Regions { get; } = new List<IonosRegionOptions>();

    /// <summary>Bearer token. When empty, the environment variable named by <see cref="TokenEnvironmentVariable"/> is used.</summary>
    public string? Token { get; set; }

    public string TokenEnvironmentVariable { get; set; } = DefaultTokenEnvironmentVariable;

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one call including every retry and the waits between them.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Retries after the first attempt, for GET only (0 disables retries).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base of the jittered exponential backoff between retries.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of one backoff delay (a server's Retry-After is honoured, not capped).</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A 429/503 whose Retry-After is longer than this is not waited for: the caller gets the exception and its RetryAfter.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Page size of the Enumerate* methods (1..1000).</summary>
    public int PageSize { get; set; } = IonosPaging.DefaultPageSize;

    /// <summary>The token from <see cref="Token"/> or else from the environment; null when neither is set.</summary>
    public string? ResolveToken()
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            return Token;
        }

        var fromEnvironment = string.IsNullOrWhiteSpace(TokenEnvironmentVariable)
            ? null
            : Environment.GetEnvironmentVariable(TokenEnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment;
    }

    /// <summary>Never prints the token.</summary>
    public override string ToString() =>
        $"IonosPostgresOptions {{ Regions = [{string.Join(", ", Regions.Select(r => r.Code))}], " +
        $"Token = {(string.IsNullOrEmpty(Token) ? "(from " + TokenEnvironmentVariable + ")" : "***")}, " +
        $"AttemptTimeout = {AttemptTimeout}, TotalTimeout = {TotalTimeout}, MaxRetryAttempts = {MaxRetryAttempts} }}";
}

public sealed class IonosRegionOptions
{
    /// <summary>Region code as in the host name, e.g. <c>de-txl</c>, <c>de-fra</c>, <c>us-ewr</c>.</summary>
    public string Code { get; set; } = "";

    /// <summary>Optional override; the default is <c>https://postgresql.{Code}.ionos.com</c>.</summary>
    public Uri? BaseUrl { get; set; }

    public override string ToString() => BaseUrl is null ? Code : $"{Code} ({BaseUrl})";
}
