using System.Globalization;
using System.Net;

namespace Portal.Application.Requests.Create;

/// <summary>
/// A host address with its prefix (<c>a.b.c.d/p</c>) that can serve as a cluster's primary instance address:
/// private, outside the range IONOS reserves, a host of its subnet (not the network or broadcast address).
/// </summary>
/// <remarks>
/// Parsed by hand because <see cref="IPAddress.TryParse(string, out IPAddress)"/> also accepts "1", "1.2", "0x7f.1"
/// and octal forms. The prefix is limited to /16../30: a /16 or longer subnet lies wholly inside one private block and
/// wholly inside or outside 10.208.0.0/12, so checking the address checks the whole subnet; /31 and /32 leave no
/// other host on the subnet to connect from.
/// </remarks>
public sealed record PrivateIpv4Cidr
{
    public const int MinPrefixLength = 16;
    public const int MaxPrefixLength = 30;

    private const string Example = "for example 192.168.1.100/24";

    private static readonly (uint Network, int PrefixLength, string Text)[] PrivateBlocks =
    [
        (0x0A000000, 8, "10.0.0.0/8"),
        (0xAC100000, 12, "172.16.0.0/12"),
        (0xC0A80000, 16, "192.168.0.0/16"),
    ];

    /// <summary>Used by IONOS itself: "Note the following unavailable IP range: 10.208.0.0/12".</summary>
    private static readonly (uint Network, int PrefixLength, string Text) IonosReserved = (0x0AD00000, 12, "10.208.0.0/12");

    private PrivateIpv4Cidr(uint address, int prefixLength)
    {
        Value = address;
        PrefixLength = prefixLength;
    }

    /// <summary>The address as a 32-bit number, most significant octet first.</summary>
    public uint Value { get; }

    public int PrefixLength { get; }

    public IPAddress Address => new(ToBytes(Value));

    public IPAddress Network => new(ToBytes(Value & Mask(PrefixLength)));

    /// <summary>Parses and checks <paramref name="text"/> (surrounding white space ignored); on failure <paramref name="problem"/> says what is wrong and how to fix it.</summary>
    public static bool TryParse(string? text, out PrivateIpv4Cidr? result, out string? problem)
    {
        result = null;
        problem = Check(text?.Trim() ?? "", out var address, out var prefixLength);
        if (problem is not null)
        {
            return false;
        }

        result = new PrivateIpv4Cidr(address, prefixLength);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FormatAddress(Value)}/{PrefixLength}");

    private static string? Check(string text, out uint address, out int prefixLength)
    {
        address = 0;
        prefixLength = 0;
        if (text.Length == 0)
        {
            return $"Enter the primary instance's address with its prefix length, {Example}.";
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return $"Add the prefix length after the address, {Example} (a /24 subnet has 254 usable addresses).";
        }

        if (!TryParseAddress(text[..slash], out address))
        {
            return $"'{text[..slash]}' is not an IPv4 address: write four numbers from 0 to 255 separated by dots, without leading zeros, {Example}.";
        }

        var prefixText = text[(slash + 1)..];
        if (!TryParseNumber(prefixText, maxDigits: 2, out var prefix) || prefix > 32)
        {
            return $"'/{prefixText}' is not a prefix length: write a number from {MinPrefixLength} to {MaxPrefixLength} after the slash, {Example}.";
        }

        prefixLength = prefix;
        if (prefix is < MinPrefixLength or > MaxPrefixLength)
        {
            return $"The prefix length must be between /{MinPrefixLength} and /{MaxPrefixLength}; you entered /{prefix}. "
                + "Use the prefix of the LAN's subnet (usually /24): wider than /16 is larger than a datacenter LAN needs, and /31 or /32 leave no room for the clients that connect to the database.";
        }

        if (InBlock(address, IonosReserved.Network, IonosReserved.PrefixLength))
        {
            return $"{FormatAddress(address)} is inside {IonosReserved.Text}, which IONOS reserves for its own use. Choose an address outside 10.208.0.0–10.223.255.255, for example in 10.0.0.0/16 or 192.168.0.0/16.";
        }

        var inPrivateBlock = false;
        foreach (var block in PrivateBlocks)
        {
            inPrivateBlock |= InBlock(address, block.Network, block.PrefixLength);
        }

        if (!inPrivateBlock)
        {
            return $"{FormatAddress(address)} is not a private address; a database is only reachable on a private LAN. "
                + $"Use an address in {string.Join(", ", PrivateBlocks.Select(b => b.Text))}, {Example}.";
        }

        var hostMask = ~Mask(prefix);
        if ((address & hostMask) == 0)
        {
            return $"{FormatAddress(address)} is the network address of the /{prefix} subnet, not a host address. Choose an address inside the subnet, for example {FormatAddress(address + 1)}/{prefix}.";
        }

        if ((address & hostMask) == hostMask)
        {
            return $"{FormatAddress(address)} is the broadcast address of the /{prefix} subnet, not a host address. Choose an address inside the subnet, for example {FormatAddress(address - 1)}/{prefix}.";
        }

        return null;
    }

    private static bool TryParseAddress(string text, out uint address)
    {
        address = 0;
        var octets = text.Split('.');
        if (octets.Length != 4)
        {
            return false;
        }

        foreach (var octet in octets)
        {
            if (!TryParseNumber(octet, maxDigits: 3, out var value) || value > 255)
            {
                return false;
            }

            address = (address << 8) | (uint)value;
        }

        return true;
    }

    /// <summary>ASCII digits only, no sign, no white space, no leading zero (so "08" is not read as octal by anyone).</summary>
    private static bool TryParseNumber(string text, int maxDigits, out int value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > maxDigits || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool InBlock(uint address, uint network, int prefixLength) => (address & Mask(prefixLength)) == network;

    private static uint Mask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);

    private static byte[] ToBytes(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static string FormatAddress(uint value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 0xFF}.{(value >> 8) & 0xFF}.{value & 0xFF}");
}
