using System.Net;
using System.Text;

namespace Ionos.PostgreSql.Tests.Fakes;

/// <summary>A request as the stub saw it; the body is read while the request is alive.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? Body, string? ContentType);

/// <summary>Answers requests from a script and records what it was sent.</summary>
public sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();

    /// <summary>Used once the script is exhausted.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage> Fallback { get; set; } =
        _ => Json(HttpStatusCode.InternalServerError, """{"httpStatus":500,"messages":[{"errorCode":"STUB","message":"no scripted response"}]}""");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public StubHttpHandler Respond(HttpResponseMessage response) => Respond(_ => response);

    public StubHttpHandler Respond(Func<HttpRequestMessage, HttpResponseMessage> responder)
    {
        lock (_gate)
        {
            _script.Enqueue((request, _) => Task.FromResult(responder(request)));
        }

        return this;
    }

    public StubHttpHandler RespondAsync(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        lock (_gate)
        {
            _script.Enqueue(responder);
        }

        return this;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(HttpStatusCode status, string? body = null, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body ?? "", Encoding.UTF8, mediaType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Read synchronously when possible so a test stays deterministic (no hop to the thread pool).
        var body = request.Content is null ? null : request.Content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult();
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? next;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(
                request.Method,
                request.RequestUri!,
                request.Headers.Authorization?.ToString(),
                body,
                request.Content?.Headers.ContentType?.MediaType));
            _script.TryDequeue(out next);
        }

        var response = next is null ? Fallback(request) : await next(request, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
