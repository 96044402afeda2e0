namespace Portal.Application.Domain;

/// <summary>
/// Who did something: the stable subject id from the identity provider (Entra object id, or the demo user id)
/// and the display name at that moment, kept so history reads well after a user is renamed or removed.
/// </summary>
public sealed record Actor
{
    public Actor(string id, string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        Id = id;
        DisplayName = displayName;
    }

    /// <summary>The portal itself (background services).</summary>
    public static Actor System { get; } = new("system", "PgPortal");

    /// <summary>An automatic decision taken by the auto-approval policy.</summary>
    public static Actor Policy { get; } = new("policy", "Auto-approval policy");

    public string Id { get; }

    public string DisplayName { get; }
}
