using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Application.Audit;

/// <summary>
/// A second line of defence on the way out: writers redact before they append, but should a secret-looking field
/// ever reach an entry, readers and exports still do not show it. The stored entry (and its hash) is untouched.
/// </summary>
public static class AuditDetailsRedactor
{
    public const string Mask = "***";

    private static readonly string[] SecretNames = ["password", "secret", "token", "apikey", "api_key", "authorization", "credential"];

    public static string Redact(string details)
    {
        ArgumentNullException.ThrowIfNull(details);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(details);
        }
        catch (JsonException)
        {
            return details;
        }

        return root is not null && RedactNode(root) ? root.ToJsonString() : details;
    }

    private static bool RedactNode(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (IsSecretName(name) && value is JsonValue v && !IsMasked(v))
                    {
                        obj[name] = Mask;
                        changed = true;
                    }
                    else if (value is not null)
                    {
                        changed |= RedactNode(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        changed |= RedactNode(item);
                    }
                }

                break;
        }

        return changed;
    }

    // Writers record "(encrypted, not recorded)" or "***" for a password: that is already safe and says more.
    private static bool IsMasked(JsonValue value) =>
        value.TryGetValue<string>(out var text) && (text.Length == 0 || text == Mask || (text.StartsWith('(') && text.EndsWith(')')));

    private static bool IsSecretName(string name) =>
        SecretNames.Any(secret => name.Contains(secret, StringComparison.OrdinalIgnoreCase));
}
