using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Portal.Application.Requests.Notifications;

namespace Portal.Infrastructure.Notifications;

/// <summary>
/// The bounded in-process queue between whoever reports a request event and <see cref="WebhookDeliveryService"/>.
/// Writing never waits: when the queue is full the notification is refused (the caller logs the drop). Notifications
/// still queued when the process stops are lost; the audit log, not the webhook, is the record.
/// </summary>
public sealed class WebhookQueue
{
    private readonly Channel<RequestNotification> _channel;

    public WebhookQueue(IOptions<WebhookOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Capacity = options.Value.QueueCapacity;
        _channel = Channel.CreateBounded<RequestNotification>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuse instead of waiting
            SingleReader = true,
        });
    }

    public int Capacity { get; }

    public ChannelReader<RequestNotification> Reader => _channel.Reader;

    /// <summary>False when the queue is full (nothing was queued).</summary>
    public bool TryEnqueue(RequestNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _channel.Writer.TryWrite(notification);
    }
}
