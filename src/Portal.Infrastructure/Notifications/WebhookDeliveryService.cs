using Microsoft.Extensions.Hosting;

namespace Portal.Infrastructure.Notifications;

/// <summary>Drains the <see cref="WebhookQueue"/> one notification at a time through <see cref="WebhookDelivery"/> (which never throws).</summary>
public sealed class WebhookDeliveryService(WebhookQueue queue, WebhookDelivery delivery) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await delivery.DeliverAsync(notification, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is dropped (see WebhookQueue).
        }
    }
}
