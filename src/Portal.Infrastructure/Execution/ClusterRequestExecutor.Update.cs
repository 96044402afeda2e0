using Ionos.PostgreSql;
using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Execution;

public sealed partial class ClusterRequestExecutor
{
    // Placeholder until the Update execution lands: park the request for a human rather than guess.
    private async Task ExecuteUpdateAsync(Attempt attempt, IonosPostgresClient client, CancellationToken cancellationToken)
    {
        _ = client;
        var from = attempt.Request.Status;
        attempt.Request.FlagNeedsAttention("This portal version cannot execute Update requests yet.", Now);
        await FinishAsync(attempt, from, "Update not executable yet", RequestEvent.NeedsAttention, cancellationToken);
    }
}
