using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Notifications;
using Portal.Infrastructure.Notifications;

namespace Portal.Infrastructure.Tests.Notifications;

public sealed class WebhookRequestNotifierTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly RequestNotification Approved = new(RequestEvent.Approved, Guid.NewGuid(), ClusterRequestKind.Create,
        ClusterRequestStatus.Approved, "orders-db", "de-txl", "payments", "Rita Requester", "Dana DBA", "looks fine", null, null,
        new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Notify_WithUrl_PostsTextAndStructuredFieldsAndNoSecret()
    {
        var handler = new StubHandler(HttpStatusCode.OK);
        await Notifier(handler, new Uri("https://hooks.example.com/T000/B000/secret-token")).NotifyAsync(Approved, Ct);

        var (request, body) = Assert.Single(handler.Received);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("Dana DBA approved the create request for cluster orders-db (team payments, de-txl): “looks fine”", root.GetProperty("text").GetString());
        Assert.Equal("approved", root.GetProperty("event").GetString());
        Assert.Equal("orders-db", root.GetProperty("cluster").GetString());
        Assert.Equal(Approved.RequestId, root.GetProperty("requestId").GetGuid());
        Assert.DoesNotContain("password", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Notify_WithoutUrl_SendsNothing()
    {
        var handler = new StubHandler(HttpStatusCode.OK);

        await Notifier(handler, null).NotifyAsync(Approved, Ct);

        Assert.Empty(handler.Received);
    }

    [Fact]
    public async Task Notify_ServerErrorOrUnreachable_IsSwallowedAfterOneAttempt()
    {
        var failing = new StubHandler(HttpStatusCode.InternalServerError);
        await Notifier(failing, new Uri("https://hooks.example.com/x")).NotifyAsync(Approved, Ct);
        Assert.Single(failing.Received);

        var unreachable = new StubHandler(HttpStatusCode.OK) { Throw = new HttpRequestException("refused") };
        await Notifier(unreachable, new Uri("https://hooks.example.com/x")).NotifyAsync(Approved, Ct);
    }

    [Fact]
    public async Task Notify_SlowServer_GivesUpAfterTheTimeout()
    {
        var slow = new StubHandler(HttpStatusCode.OK) { Delay = TimeSpan.FromSeconds(30) };
        var options = new WebhookOptions { Url = new Uri("https://hooks.example.com/x"), Timeout = TimeSpan.FromMilliseconds(50) };

        await new WebhookRequestNotifier(new Clients(slow), new StaticOptions(options), NullLogger<WebhookRequestNotifier>.Instance).NotifyAsync(Approved, Ct);
    }

    private static WebhookRequestNotifier Notifier(StubHandler handler, Uri? url) =>
        new(new Clients(handler), new StaticOptions(new WebhookOptions { Url = url }), NullLogger<WebhookRequestNotifier>.Instance);

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class StaticOptions(WebhookOptions value) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => value;

        public WebhookOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }

    private sealed class StubHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Received { get; } = [];

        public Exception? Throw { get; init; }

        public TimeSpan Delay { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Received.Add((request, await request.Content!.ReadAsStringAsync(cancellationToken)));
            if (Throw is not null)
            {
                throw Throw;
            }

            await Task.Delay(Delay, cancellationToken);
            return new HttpResponseMessage(status);
        }
    }
}
