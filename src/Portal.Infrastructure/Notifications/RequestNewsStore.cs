using Microsoft.EntityFrameworkCore;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Queries;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Notifications;

/// <summary>Adapter: the app bar badge counts the person's own requests with news since <see cref="UserNotificationState.LastSeenAt"/>.</summary>
public sealed class RequestNewsStore(IDbContextFactory<PortalDbContext> contexts) : IRequestNewsStore
{
    public async Task<int> CountUnseenAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var seen = await context.UserNotificationStates.AsNoTracking()
            .Where(s => s.UserId == userId)
            .Select(s => (DateTimeOffset?)s.LastSeenAt)
            .FirstOrDefaultAsync(cancellationToken) ?? DateTimeOffset.MinValue.ToUniversalTime();

        // Their own cancellations are no news to them; a decision by someone else (or by policy) and every outcome are.
        return await context.ClusterRequests.AsNoTracking()
            .Where(r => r.RequestedById == userId)
            .CountAsync(r =>
                (r.DecidedAt > seen && r.DecidedById != userId)
                || (r.CompletedAt > seen && (r.Status == ClusterRequestStatus.Completed || r.Status == ClusterRequestStatus.Failed))
                || (r.Status == ClusterRequestStatus.NeedsAttention && r.UpdatedAt > seen),
                cancellationToken);
    }

    public async Task MarkSeenAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await context.UserNotificationStates.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (state is null)
        {
            context.UserNotificationStates.Add(new UserNotificationState(userId, now));
        }
        else
        {
            state.MarkSeen(now);
        }

        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another circuit of the same person marked it at the same moment: theirs is as good as ours.
        }
    }
}
