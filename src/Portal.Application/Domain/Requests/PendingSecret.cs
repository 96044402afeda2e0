namespace Portal.Application.Domain.Requests;

/// <summary>
/// The cluster password of a request, encrypted (ASP.NET Core Data Protection) by the caller, waiting for the
/// executor. Kept apart from the request row so it can be purged, without touching the request, once it was
/// sent to IONOS or the request was rejected, cancelled or expired.
/// </summary>
public sealed class PendingSecret
{
    // For the persistence layer.
    private PendingSecret()
    {
        Ciphertext = null!;
    }

    public PendingSecret(Guid requestId, string ciphertext, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(ciphertext);
        RequestId = requestId;
        Ciphertext = ciphertext;
        CreatedAt = UtcTime.Normalize(createdAt);
    }

    public Guid RequestId { get; private set; }

    /// <summary>Data Protection payload (already encrypted; never the plaintext).</summary>
    public string Ciphertext { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <inheritdoc />
    public override string ToString() => $"PendingSecret {{ RequestId = {RequestId}, Ciphertext = *** }}";
}
