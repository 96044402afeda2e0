using System.Security.Claims;
using Portal.Application.Identity;

namespace Portal.Web.Identity;

/// <summary>Claim names the portal reads, and the mapping from a <see cref="ClaimsPrincipal"/> to a <see cref="PortalUser"/>.</summary>
public static class PortalClaims
{
    /// <summary>Entra ID puts app roles into "roles"; the demo cookie uses the same claim type.</summary>
    public const string Role = "roles";

    /// <summary>Team membership (team slug), from portal configuration or mapped group claims.</summary>
    public const string Team = "portal_team";

    /// <summary>Entra ID's stable object id.</summary>
    public const string ObjectId = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    public static PortalUser ToPortalUser(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ObjectId)
            ?? principal.FindFirstValue("oid")
            ?? principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? principal.FindFirstValue("sub")
            ?? "";
        var name = principal.FindFirstValue("name") ?? principal.Identity?.Name ?? id;
        var roles = principal.FindAll(Role).Concat(principal.FindAll(ClaimTypes.Role))
            .Select(c => c.Value)
            .Where(PortalRoles.All.Contains)
            .ToHashSet(StringComparer.Ordinal);
        var teams = principal.FindAll(Team).Select(c => c.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new PortalUser(id, name, roles, teams);
    }
}
