using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Tests.Notifications;

/// <summary>
/// A real HTTP webhook receiver on a loopback port (Kestrel): records every POST body, signals its arrival, and answers
/// as <see cref="Respond"/> says (which may wait, to play a slow receiver).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Token = "T0001-secret-token";

    private readonly WebApplication _app;
    private int _attempts;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public ConcurrentQueue<string> Bodies { get; } = new();

    /// <summary>Released once per POST, when its body has been read (before the answer).</summary>
    public SemaphoreSlim Arrived { get; } = new(0);

    /// <summary>The status code for attempt n (1-based); may wait on the request's abort token.</summary>
    public Func<int, CancellationToken, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(StatusCodes.Status200OK);

    public Uri Url { get; private set; } = null!;

    public int Attempts => Volatile.Read(ref _attempts);

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{token}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receiver.Bodies.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
            var attempt = Interlocked.Increment(ref receiver._attempts);
            receiver.Arrived.Release();
            try
            {
                context.Response.StatusCode = await receiver.Respond(attempt, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender gave up on this attempt (its timeout).
            }
        });
        await app.StartAsync(cancellationToken);
        receiver.Url = new Uri(new Uri(app.Urls.First()), $"/hooks/{Token}");
        return receiver;
    }

    /// <summary>Waits (bounded, never a fixed sleep) for the next POST to arrive.</summary>
    public async Task WaitForArrivalAsync(CancellationToken cancellationToken)
    {
        if (!await Arrived.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken))
        {
            throw new TimeoutException($"No webhook POST arrived (so far {Attempts}).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Arrived.Dispose();
    }
}
