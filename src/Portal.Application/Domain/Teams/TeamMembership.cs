namespace Portal.Application.Domain.Teams;

/// <summary>
/// A user's membership in a team. <see cref="UserId"/> is the stable subject/object id from the identity
/// provider, never the e-mail address (which can change); one membership per team and user.
/// </summary>
public sealed class TeamMembership
{
    public const int UserIdMaxLength = 128;

    // For the persistence layer.
    private TeamMembership()
    {
        UserId = null!;
        UserDisplayName = null!;
    }

    internal TeamMembership(Guid teamId, string userId, string userDisplayName, string? userEmail, TeamRole role, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userDisplayName);
        TeamId = teamId;
        UserId = userId;
        UserDisplayName = userDisplayName;
        UserEmail = userEmail;
        Role = role;
        CreatedAt = UtcTime.Normalize(createdAt);
    }

    public Guid TeamId { get; private set; }

    public string UserId { get; private set; }

    public string UserDisplayName { get; private set; }

    public string? UserEmail { get; private set; }

    public TeamRole Role { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    internal void Update(string userDisplayName, string? userEmail, TeamRole role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userDisplayName);
        UserDisplayName = userDisplayName;
        UserEmail = userEmail;
        Role = role;
    }
}
