using System.Text.RegularExpressions;

namespace Portal.Application.Domain.Teams;

/// <summary>A product team that owns clusters. The slug is its stable, unique, URL-safe name.</summary>
public sealed partial class Team
{
    public const int SlugMaxLength = 63;
    public const int DisplayNameMaxLength = 200;

    private readonly List<TeamMembership> _memberships = [];

    // For the persistence layer.
    private Team()
    {
        Slug = null!;
        DisplayName = null!;
    }

    public Team(string slug, string displayName, DateTimeOffset createdAt)
    {
        if (!IsValidSlug(slug))
        {
            throw new ArgumentException(
                $"Team slug '{slug}' is invalid: use 2-{SlugMaxLength} lowercase letters, digits and hyphens, starting with a letter.",
                nameof(slug));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        Id = Guid.CreateVersion7();
        Slug = slug;
        DisplayName = displayName.Trim();
        CreatedAt = UtcTime.Normalize(createdAt);
    }

    public Guid Id { get; private set; }

    public string Slug { get; private set; }

    public string DisplayName { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyCollection<TeamMembership> Memberships => _memberships;

    public static bool IsValidSlug(string? slug) => slug is not null && SlugPattern().IsMatch(slug);

    public void Rename(string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        DisplayName = displayName.Trim();
    }

    /// <summary>Adds a member; adding someone who is already a member only refreshes their name and role.</summary>
    public TeamMembership AddMember(string userId, string userDisplayName, string? userEmail, TeamRole role, DateTimeOffset now)
    {
        var existing = _memberships.Find(m => m.UserId == userId);
        if (existing is not null)
        {
            existing.Update(userDisplayName, userEmail, role);
            return existing;
        }

        var membership = new TeamMembership(Id, userId, userDisplayName, userEmail, role, now);
        _memberships.Add(membership);
        return membership;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{1,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
