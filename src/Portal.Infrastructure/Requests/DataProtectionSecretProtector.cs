using Microsoft.AspNetCore.DataProtection;
using Portal.Application.Requests.Create;

namespace Portal.Infrastructure.Requests;

/// <summary>
/// Adapter: ASP.NET Core Data Protection with its own purpose, over the key ring kept in the portal database, so
/// every replica (and the next start) can decrypt what another one encrypted.
/// </summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    /// <summary>Changing the purpose makes every stored secret unreadable: version it instead.</summary>
    public const string Purpose = "PgPortal.PendingSecret.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(plaintext);
        return _protector.Protect(plaintext);
    }

    public string Unprotect(string ciphertext)
    {
        ArgumentException.ThrowIfNullOrEmpty(ciphertext);
        return _protector.Unprotect(ciphertext);
    }
}
