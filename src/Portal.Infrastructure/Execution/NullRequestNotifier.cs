using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Execution;

/// <summary>The notifier when none is configured (no webhook): notifications go nowhere.</summary>
public sealed class NullRequestNotifier : IRequestNotifier
{
    public Task NotifyAsync(RequestNotification notification, CancellationToken cancellationToken) => Task.CompletedTask;
}
