using System.Security.Claims;

namespace Portal.Web.Identity;

/// <summary>
/// Section <c>SignIn</c>: how an Entra ID sign-in becomes portal teams, and (test/advanced) a non-Entra OpenID Connect
/// authority. App roles come from the token's <c>roles</c> claim as they are.
/// </summary>
public sealed class EntraSignInOptions
{
    public const string Section = "SignIn";

    /// <summary>Entra group object id → team slug. Members of the group (token <c>groups</c> claim) belong to the team.</summary>
    public Dictionary<string, string> TeamGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>User object id (<c>oid</c>) or user name (<c>preferred_username</c>) → team slugs, kept in portal configuration.</summary>
    public Dictionary<string, List<string>> UserTeams { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Test/advanced: the issuer URL of another OpenID Connect authority used instead of Entra ID (AzureAd:Instance and
    /// TenantId are then ignored; AzureAd:ClientId and ClientSecret still apply; the authorization-code flow is used).
    /// Plain HTTP is accepted only for a loopback address. Leave empty for Entra ID.
    /// </summary>
    public string? OpenIdConnectAuthority { get; set; }

    /// <summary>The team claims for a validated principal: mapped groups plus teams configured for the user.</summary>
    public IReadOnlyList<string> TeamsFor(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var teams = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var group in principal.FindAll("groups"))
        {
            if (TeamGroups.TryGetValue(group.Value, out var team) && !string.IsNullOrWhiteSpace(team))
            {
                teams.Add(team.Trim().ToLowerInvariant());
            }
        }

        var keys = new[] { principal.FindFirstValue(PortalClaims.ObjectId), principal.FindFirstValue("oid"), principal.FindFirstValue("preferred_username"), principal.FindFirstValue("sub") };
        foreach (var key in keys.Where(k => !string.IsNullOrEmpty(k)))
        {
            if (UserTeams.TryGetValue(key!, out var configured))
            {
                teams.UnionWith(configured.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim().ToLowerInvariant()));
            }
        }

        return [.. teams];
    }
}
