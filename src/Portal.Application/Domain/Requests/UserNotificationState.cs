namespace Portal.Application.Domain.Requests;

/// <summary>When a person last looked at their requests' news: the app bar badge counts decisions and outcomes after it.</summary>
public sealed class UserNotificationState
{
    private UserNotificationState()
    {
        UserId = null!;
    }

    public UserNotificationState(string userId, DateTimeOffset lastSeenAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        UserId = userId;
        LastSeenAt = UtcTime.Normalize(lastSeenAt);
    }

    public string UserId { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    public void MarkSeen(DateTimeOffset now)
    {
        now = UtcTime.Normalize(now);
        if (now > LastSeenAt)
        {
            LastSeenAt = now;
        }
    }
}
