namespace Portal.Application.Identity;

/// <summary>The signed-in person as the application layer sees them: stable id, name, roles, teams.</summary>
public sealed record PortalUser(string Id, string DisplayName, IReadOnlySet<string> Roles, IReadOnlyList<string> Teams)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    /// <summary>The most privileged role, for display in the app bar.</summary>
    public string PrimaryRole =>
        new[] { PortalRoles.Admin, PortalRoles.Dba, PortalRoles.Auditor, PortalRoles.Requester }.FirstOrDefault(Roles.Contains) ?? "Member";
}
