using System.Security.Cryptography;

namespace Portal.Application.Requests.Create;

/// <summary>Strong cluster passwords that always meet <see cref="CreateClusterRules.ValidatePassword"/>.</summary>
public static class PasswordGenerator
{
    public const int DefaultLength = 20;

    // Without look-alikes (l, I, 1, o, O, 0), so a password read aloud or copied by hand survives; the special
    // characters are exactly the contract's set, which every shell and connection string tolerates when quoted.
    private const string Lowercase = "abcdefghijkmnpqrstuvwxyz";
    private const string Uppercase = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Specials = CreateClusterRules.PasswordSpecialCharacters;
    private const string All = Lowercase + Uppercase + Digits + Specials;

    /// <summary>A password of <paramref name="length"/> characters with at least one of each required class, from a CSPRNG.</summary>
    public static string Generate(int length = DefaultLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, CreateClusterRules.PasswordMinLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, CreateClusterRules.PasswordMaxLength);

        var chars = new char[length];
        chars[0] = Pick(Lowercase);
        chars[1] = Pick(Uppercase);
        chars[2] = Pick(Digits);
        chars[3] = Pick(Specials);
        RandomNumberGenerator.GetItems(All.AsSpan(), chars.AsSpan(4));
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static char Pick(string set) => set[RandomNumberGenerator.GetInt32(set.Length)];
}
