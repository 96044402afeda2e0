using System.ComponentModel.DataAnnotations;
using Portal.Application.Identity;

namespace Portal.Web.Identity;

/// <summary>
/// Demo sign-in (section <c>Portal</c>): a page that lists demo users, for Development and explicit demo mode only.
/// It can never be active when Entra ID is configured or outside Development without <c>Portal:DemoMode=true</c>.
/// </summary>
public sealed class DemoSignInOptions
{
    public const string Section = "Portal";

    /// <summary>Allows demo sign-in outside Development (a demo installation). Never use it in production.</summary>
    public bool DemoMode { get; set; }

    /// <summary>The demo users; when empty, <see cref="DefaultUsers"/> is used.</summary>
    public List<DemoUser> DemoUsers { get; set; } = [];

    public IReadOnlyList<DemoUser> EffectiveUsers => DemoUsers.Count > 0 ? DemoUsers : DefaultUsers;

    /// <summary>One person per role, two teams, so every flow can be tried (including the four-eyes rule).</summary>
    public static IReadOnlyList<DemoUser> DefaultUsers { get; } =
    [
        new() { Id = "demo-rita", DisplayName = "Rita Requester", Email = "rita@example.com", Roles = [PortalRoles.Requester], Teams = ["payments", "analytics"] },
        new() { Id = "demo-ravi", DisplayName = "Ravi Requester", Email = "ravi@example.com", Roles = [PortalRoles.Requester], Teams = ["search"] },
        new() { Id = "demo-dana", DisplayName = "Dana DBA", Email = "dana@example.com", Roles = [PortalRoles.Dba], Teams = ["platform"] },
        new() { Id = "demo-adam", DisplayName = "Adam Admin", Email = "adam@example.com", Roles = [PortalRoles.Admin], Teams = ["platform"] },
        new() { Id = "demo-aude", DisplayName = "Aude Auditor", Email = "aude@example.com", Roles = [PortalRoles.Auditor], Teams = [] },
    ];
}

public sealed class DemoUser
{
    [Required]
    public string Id { get; set; } = "";

    [Required]
    public string DisplayName { get; set; } = "";

    public string Email { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public List<string> Teams { get; set; } = [];
}
