using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Notifications;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Notifications;

/// <summary>
/// The webhook out of line: the notifier only queues, the delivery service posts to a real HTTP receiver on loopback,
/// retries 5xx and timeouts on a fake clock, gives up on other answers, and drops (with a log line) when the queue is full.
/// </summary>
public sealed class WebhookRequestNotifierTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryBase = TimeSpan.FromSeconds(2);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly SemaphoreSlim _retries = new(0);
    private WebhookReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _retries.Dispose();
    }

    [Fact]
    public async Task Notify_SlowReceiver_ReturnsAtOnceAndTheServiceDeliversTheBodyLater()
    {
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Respond = (_, aborted) => answer.Task.WaitAsync(aborted);
        var (notifier, queue, delivery) = Create();
        using var service = new WebhookDeliveryService(queue, delivery);
        await service.StartAsync(Ct);

        var notify = notifier.NotifyAsync(Approved(), Ct);

        Assert.True(notify.IsCompletedSuccessfully, "The notifier waited for the webhook.");
        await _receiver.WaitForArrivalAsync(Ct);
        Assert.True(_receiver.Bodies.TryPeek(out var body));
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Dana DBA approved the create request for cluster orders-db (team payments, de-txl): “looks fine”", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("approved", json.RootElement.GetProperty("event").GetString());
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);

        // A second decision while the receiver still holds the first: also returns at once.
        Assert.True(notifier.NotifyAsync(Approved(), Ct).IsCompletedSuccessfully);
        answer.SetResult(StatusCodes.Status200OK);
        await _receiver.WaitForArrivalAsync(Ct);
        await service.StopAsync(Ct);
        Assert.Equal(2, _receiver.Attempts);
    }

    [Fact]
    public async Task Deliver_ServerErrorsThenOk_RetriesWithDoublingWaitsUntilAccepted()
    {
        _receiver.Respond = (attempt, _) => Task.FromResult(attempt < 3 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        var (_, _, delivery) = Create();

        var delivering = delivery.DeliverAsync(Approved(), Ct);
        await _receiver.WaitForArrivalAsync(Ct);
        await WaitForRetryAsync();
        _clock.Advance(RetryBase);
        await _receiver.WaitForArrivalAsync(Ct);
        await WaitForRetryAsync();
        _clock.Advance(RetryBase * 2);
        await delivering.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(3, _receiver.Attempts);
        Assert.Single(_receiver.Bodies.Distinct());
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("giving up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_ReceiverNeverAnswers_TimesOutAndRetries()
    {
        _receiver.Respond = async (attempt, aborted) =>
        {
            if (attempt == 1)
            {
                await Task.Delay(System.Threading.Timeout.Infinite, aborted); // holds the request until the sender gives up on it
            }

            return StatusCodes.Status200OK;
        };
        var (_, _, delivery) = Create();

        var delivering = delivery.DeliverAsync(Approved(), Ct);
        await _receiver.WaitForArrivalAsync(Ct);
        Assert.False(delivering.IsCompleted);
        _clock.Advance(Timeout);
        await WaitForRetryAsync();
        _clock.Advance(RetryBase);
        await delivering.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(2, _receiver.Attempts);
        Assert.Contains(_logs.Lines, l => l.Contains("timed out after 00:00:05", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_AlwaysFailing_GivesUpAfterMaxRetriesWithALogLineWithoutUrlOrBody()
    {
        _receiver.Respond = (_, _) => Task.FromResult(StatusCodes.Status500InternalServerError);
        var (_, _, delivery) = Create(maxRetries: 2);
        var notification = Approved();

        var delivering = delivery.DeliverAsync(notification, Ct);
        for (var retry = 1; retry <= 2; retry++)
        {
            await WaitForRetryAsync();
            _clock.Advance(RetryBase * retry);
        }

        await delivering.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(3, _receiver.Attempts);
        var gaveUp = Assert.Single(_logs.Lines, l => l.Contains("giving up", StringComparison.Ordinal));
        Assert.Contains(notification.RequestId.ToString(), gaveUp, StringComparison.Ordinal);
        Assert.Contains("answered 500", gaveUp, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(WebhookReceiver.Token, StringComparison.Ordinal) || l.Contains("looks fine", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_ClientError_IsNotRetried()
    {
        _receiver.Respond = (_, _) => Task.FromResult(StatusCodes.Status400BadRequest);
        var (_, _, delivery) = Create();

        await delivery.DeliverAsync(Approved(), Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(1, _receiver.Attempts);
        Assert.Single(_logs.Lines, l => l.Contains("answered 400; giving up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notify_QueueFull_DropsTheNewEventWithALogLineAndDeliversTheRest()
    {
        var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Respond = (_, aborted) => answer.Task.WaitAsync(aborted);
        var (notifier, queue, delivery) = Create(capacity: 2);
        using var service = new WebhookDeliveryService(queue, delivery);
        await service.StartAsync(Ct);

        await notifier.NotifyAsync(Approved(), Ct);
        await _receiver.WaitForArrivalAsync(Ct); // the service holds the first; the queue is empty again
        await notifier.NotifyAsync(Approved(), Ct);
        await notifier.NotifyAsync(Approved(), Ct);
        var dropped = Approved();
        var notify = notifier.NotifyAsync(dropped, Ct);

        Assert.True(notify.IsCompletedSuccessfully);
        var line = Assert.Single(_logs.Lines, l => l.Contains("queue is full", StringComparison.Ordinal));
        Assert.Contains(dropped.RequestId.ToString(), line, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookReceiver.Token, line, StringComparison.Ordinal);

        answer.SetResult(StatusCodes.Status200OK);
        await _receiver.WaitForArrivalAsync(Ct);
        await _receiver.WaitForArrivalAsync(Ct);
        await service.StopAsync(Ct);
        Assert.Equal(3, _receiver.Attempts);
        Assert.DoesNotContain(_receiver.Bodies, b => b.Contains(dropped.RequestId.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notify_WithoutUrl_QueuesNothing()
    {
        var (notifier, queue, _) = Create(withUrl: false);

        await notifier.NotifyAsync(Approved(), Ct);

        Assert.False(queue.Reader.TryRead(out _));
    }

    [Fact]
    public void Summary_Expired_SaysItExpiredWithTheReason()
    {
        var expired = Approved() with { Event = RequestEvent.Expired, Status = ClusterRequestStatus.Expired, ActorName = "PgPortal", Comment = "No DBA decided within 14 days." };

        Assert.Equal("Expired without a decision: the create request for cluster orders-db (team payments, de-txl): “No DBA decided within 14 days.”",
            WebhookBody.Summary(expired));
        Assert.Equal("expired", WebhookBody.From(expired).Event);
    }

    [Fact]
    public void RetryDelay_DoublesPerRetry()
    {
        var options = new WebhookOptions { RetryBaseDelay = RetryBase };

        Assert.Equal([RetryBase, RetryBase * 2, RetryBase * 4], [options.RetryDelay(1), options.RetryDelay(2), options.RetryDelay(3)]);
    }

    private (WebhookRequestNotifier Notifier, WebhookQueue Queue, WebhookDelivery Delivery) Create(int capacity = 100, int maxRetries = 3, bool withUrl = true)
    {
        var options = new WebhookOptions
        {
            Url = withUrl ? _receiver.Url : null,
            Timeout = Timeout,
            QueueCapacity = capacity,
            MaxRetries = maxRetries,
            RetryBaseDelay = RetryBase,
        };
        var loggers = new LoggerFactory([_logs]);
        var queue = new WebhookQueue(Options.Create(options));
        var delivery = new WebhookDelivery(new Clients(), new StaticOptions(options), _clock, loggers.CreateLogger<WebhookDelivery>());
        delivery.RetryScheduled += _ => _retries.Release();
        return (new WebhookRequestNotifier(queue, new StaticOptions(options), loggers.CreateLogger<WebhookRequestNotifier>()), queue, delivery);
    }

    private async Task WaitForRetryAsync()
    {
        Assert.True(await _retries.WaitAsync(TimeSpan.FromSeconds(30), Ct), "No retry was scheduled.");
    }

    private static RequestNotification Approved() => new(RequestEvent.Approved, Guid.NewGuid(), ClusterRequestKind.Create,
        ClusterRequestStatus.Approved, "orders-db", "de-txl", "payments", "Rita Requester", "Dana DBA", "looks fine", null, null,
        new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

    private sealed class Clients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    private sealed class StaticOptions(WebhookOptions value) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => value;

        public WebhookOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }
}
