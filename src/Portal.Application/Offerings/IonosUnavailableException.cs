namespace Portal.Application.Offerings;

/// <summary>
/// Raised by IONOS adapters when the API cannot answer (network failure, 5xx, rate limit, timeout).
/// <see cref="Reason"/> is safe to show to a user: it never holds a token, a password or a request body.
/// </summary>
public sealed class IonosUnavailableException : Exception
{
    public IonosUnavailableException()
    {
        Reason = "unknown error";
    }

    public IonosUnavailableException(string message)
        : base(message)
    {
        Reason = message;
    }

    public IonosUnavailableException(string reason, Exception innerException)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
