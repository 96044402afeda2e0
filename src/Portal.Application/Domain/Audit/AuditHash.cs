using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Application.Domain.Audit;

/// <summary>
/// The canonical hash of an audit entry, shared by the writer and the chain verifier. Changing this changes every
/// hash in existing chains: version the format (the leading tag) rather than editing it in place.
/// </summary>
public static class AuditHash
{
    private const string FormatTag = "pgportal-audit-v1";

    /// <summary>
    /// SHA-256 over a sealed entry's content and its predecessor's hash, lowercase hex. Neither the database id nor the
    /// sequence is part of it (existing chains stay valid); order is protected by the chain of previous hashes instead.
    /// </summary>
    public static string Compute(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.PreviousHash is not { } previousHash)
        {
            throw new InvalidOperationException($"Audit entry {entry.Id} is not sealed: it has no predecessor to hash with yet.");
        }

        return Compute(
            entry.OccurredAt,
            entry.ActorId,
            entry.ActorName,
            entry.Action,
            entry.TargetType,
            entry.TargetId,
            entry.TeamId,
            entry.Region,
            entry.CorrelationId,
            entry.Details,
            previousHash);
    }

    /// <summary>The hash over explicit field values; every field is length-prefixed so no two inputs share a canonical form.</summary>
    public static string Compute(
        DateTimeOffset occurredAt,
        string actorId,
        string actorName,
        string action,
        string targetType,
        string targetId,
        Guid? teamId,
        string? region,
        string correlationId,
        string details,
        string previousHash)
    {
        var canonical = new StringBuilder(256 + details.Length);
        Append(canonical, FormatTag);
        Append(canonical, occurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Append(canonical, actorId);
        Append(canonical, actorName);
        Append(canonical, action);
        Append(canonical, targetType);
        Append(canonical, targetId);
        Append(canonical, teamId?.ToString("D"));
        Append(canonical, region);
        Append(canonical, correlationId);
        Append(canonical, details);
        Append(canonical, previousHash);

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()));
        return Convert.ToHexStringLower(digest);
    }

    public static bool IsWellFormed(string? hash) =>
        hash is { Length: 64 } && hash.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    // A null is written as "-1:" so it differs from an empty string ("0:").
    private static void Append(StringBuilder canonical, string? value)
    {
        if (value is null)
        {
            canonical.Append("-1:");
            return;
        }

        canonical.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }
}
