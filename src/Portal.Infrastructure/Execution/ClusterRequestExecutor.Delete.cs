using Ionos.PostgreSql;
using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Execution;

public sealed partial class ClusterRequestExecutor
{
    // Placeholder until the Delete execution lands: park the request for a human rather than guess.
    private async Task ExecuteDeleteAsync(Attempt attempt, IonosPostgresClient client, CancellationToken cancellationToken)
    {
        _ = client;
        var from = attempt.Request.Status;
        attempt.Request.FlagNeedsAttention("This portal version cannot execute Delete requests yet.", Now);
        await FinishAsync(attempt, from, "Delete not executable yet", RequestEvent.NeedsAttention, cancellationToken);
    }
}
