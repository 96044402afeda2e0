using System.Net;
using Ionos.PostgreSql.Models;
using Ionos.PostgreSql.Tests.Fakes;
using Polly.Timeout;

namespace Ionos.PostgreSql.Tests;

public class ResilienceTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static ClusterCreateRequest Create() => new() { Properties = new ClusterProperties { Name = "n" } };

    [Fact]
    public async Task GetClusterAsync_500Then503ThenOk_RetriesAndSucceeds()
    {
        using var test = TestClients.Create();
        test.Handler
            .Respond(StubHttpHandler.Status(HttpStatusCode.InternalServerError))
            .Respond(StubHttpHandler.Status(HttpStatusCode.ServiceUnavailable))
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterResponse));

        var cluster = await test.Client().GetClusterAsync(Payloads.ClusterId, Ct);

        Assert.Equal(Payloads.ClusterId, cluster.Id);
        Assert.Equal(3, test.Handler.Requests.Count);
    }

    [Fact]
    public async Task ListClustersAsync_RequestTimeoutAndConnectionFailure_AreRetried()
    {
        using var test = TestClients.Create();
        test.Handler
            .Respond(StubHttpHandler.Status(HttpStatusCode.RequestTimeout))
            .Respond(_ => throw new HttpRequestException("connection reset"))
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(0, 100, 1, false)));

        var page = await test.Client().ListClustersAsync(cancellationToken: Ct);

        Assert.Single(page.Items);
        Assert.Equal(3, test.Handler.Requests.Count);
    }

    [Fact]
    public async Task GetClusterAsync_AlwaysFailing_GivesUpAfterBoundedAttemptsWithIonosApiException()
    {
        using var test = TestClients.Create(o => o.MaxRetryAttempts = 2);
        test.Handler.Fallback = _ => StubHttpHandler.Json(HttpStatusCode.InternalServerError, """{ "httpStatus": 500, "messages": [ { "errorCode": "X", "message": "boom" } ] }""");

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().GetClusterAsync(Payloads.ClusterId, Ct));

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal(3, test.Handler.Requests.Count);
    }

    [Fact]
    public async Task CreateClusterAsync_ServerError_IsNotRetried()
    {
        using var test = TestClients.Create();
        test.Handler.Fallback = _ => StubHttpHandler.Status(HttpStatusCode.InternalServerError);

        await Assert.ThrowsAsync<IonosApiException>(() => test.Client().CreateClusterAsync(Create(), Ct));

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task CreateClusterAsync_ConnectionFailure_IsNotRetried()
    {
        using var test = TestClients.Create();
        test.Handler.Fallback = _ => throw new HttpRequestException("connection reset");

        await Assert.ThrowsAsync<HttpRequestException>(() => test.Client().CreateClusterAsync(Create(), Ct));

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task EnsureAndDelete_ServiceUnavailable_AreNotRetried()
    {
        using var test = TestClients.Create();
        test.Handler.Fallback = _ => StubHttpHandler.Status(HttpStatusCode.ServiceUnavailable);
        var client = test.Client();

        await Assert.ThrowsAsync<IonosApiException>(() => client.EnsureClusterAsync(Payloads.ClusterId, new ClusterEnsureRequest { Properties = new ClusterProperties { Name = "n" } }, Ct));
        await Assert.ThrowsAsync<IonosApiException>(() => client.DeleteClusterAsync(Payloads.ClusterId, Ct));

        Assert.Equal([HttpMethod.Put, HttpMethod.Delete], test.Handler.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task GetClusterAsync_NotFound_IsNotRetried()
    {
        using var test = TestClients.Create();
        test.Handler.Fallback = _ => StubHttpHandler.Status(HttpStatusCode.NotFound);

        await Assert.ThrowsAsync<IonosApiException>(() => test.Client().GetClusterAsync(Payloads.ClusterId, Ct));

        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task GetClusterAsync_RateLimitedWithRetryAfter_WaitsAtLeastRetryAfterBeforeRetrying()
    {
        using var test = TestClients.Create(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1));
        var throttled = StubHttpHandler.Status(HttpStatusCode.TooManyRequests);
        throttled.Headers.Add("Retry-After", "20");
        test.Handler.Respond(throttled).Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterResponse));

        // The stub answers synchronously, so by the time the call returns its task the retry delay is on the fake clock.
        var call = test.Client().GetClusterAsync(Payloads.ClusterId, Ct);
        Assert.Single(test.Handler.Requests);

        test.Time.Advance(TimeSpan.FromSeconds(19.9));
        Assert.False(call.IsCompleted);
        Assert.Single(test.Handler.Requests);

        test.Time.Advance(TimeSpan.FromMilliseconds(100));
        var cluster = await call.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(Payloads.ClusterId, cluster.Id);
        Assert.Equal(2, test.Handler.Requests.Count);
    }

    [Fact]
    public async Task GetClusterAsync_RetryAfterLongerThanMaxRetryAfter_ReturnsRateLimitToCaller()
    {
        using var test = TestClients.Create(o => o.MaxRetryAfter = TimeSpan.FromSeconds(30));
        var throttled = StubHttpHandler.Status(HttpStatusCode.TooManyRequests);
        throttled.Headers.Add("Retry-After", "120");
        test.Handler.Respond(throttled);

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().GetClusterAsync(Payloads.ClusterId, Ct));

        Assert.True(ex.IsRateLimited);
        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.Single(test.Handler.Requests);
    }

    [Fact]
    public async Task GetClusterAsync_AttemptHangs_TimesOutPerAttemptAndRetries()
    {
        using var test = TestClients.Create(o => o.AttemptTimeout = TimeSpan.FromSeconds(5));
        test.Handler
            .RespondAsync(async (_, ct) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, test.Time, ct);
                throw new InvalidOperationException("unreachable");
            })
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterResponse));

        var call = test.Client().GetClusterAsync(Payloads.ClusterId, Ct);
        Assert.Single(test.Handler.Requests);
        test.Time.Advance(TimeSpan.FromSeconds(5));
        var cluster = await call.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(Payloads.ClusterId, cluster.Id);
        Assert.Equal(2, test.Handler.Requests.Count);
    }

    [Fact]
    public async Task GetClusterAsync_EveryAttemptHangs_GivesUpAtTotalTimeoutBeforeTheAttemptBound()
    {
        // Ten retries would allow eleven 5 s attempts (55 s); the 12 s total must end the call during the third.
        using var test = TestClients.Create(o =>
        {
            o.MaxRetryAttempts = 10;
            o.AttemptTimeout = TimeSpan.FromSeconds(5);
            o.TotalTimeout = TimeSpan.FromSeconds(12);
        });
        using var attemptStarted = new SemaphoreSlim(0);
        for (var i = 0; i <= 10; i++)
        {
            test.Handler.RespondAsync(async (_, ct) =>
            {
                attemptStarted.Release();
                await Task.Delay(Timeout.InfiniteTimeSpan, test.Time, ct);
                throw new InvalidOperationException("unreachable");
            });
        }

        var started = test.Time.GetUtcNow();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = test.Client().GetClusterAsync(Payloads.ClusterId, abandon.Token);
        try
        {
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                Assert.True(await attemptStarted.WaitAsync(TimeSpan.FromSeconds(30), Ct), $"attempt {attempt} did not start");
                test.Time.Advance(attempt < 3 ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1.9));
            }

            Assert.False(call.IsCompleted);
            test.Time.Advance(TimeSpan.FromMilliseconds(100));
            var ex = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(30), Ct));

            Assert.Equal($"IONOS API GET /clusters/{Payloads.ClusterId} in region de-txl timed out.", ex.Message);
            Assert.Equal(TimeSpan.FromSeconds(12), Assert.IsType<TimeoutRejectedException>(ex.InnerException).Timeout);
            Assert.Equal(TimeSpan.FromSeconds(12), test.Time.GetUtcNow() - started);
            Assert.Equal(3, test.Handler.Requests.Count);
        }
        finally
        {
            // When the total timeout does not fire, the call is still running: end it before the provider is disposed,
            // because Polly's reloadable pipeline waits for running calls on disposal with the (fake, stopped) clock.
            await abandon.CancelAsync();
            await Task.WhenAny(call).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
    }

    [Fact]
    public async Task CreateClusterAsync_AttemptHangs_ThrowsTimeoutExceptionAfterOneAttempt()
    {
        using var test = TestClients.Create(o => o.AttemptTimeout = TimeSpan.FromSeconds(5));
        test.Handler.RespondAsync(async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, test.Time, ct);
            throw new InvalidOperationException("unreachable");
        });

        var call = test.Client().CreateClusterAsync(Create(), Ct);
        test.Time.Advance(TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(30), Ct));

        Assert.Equal("IONOS API POST /clusters in region de-txl timed out.", ex.Message);
        Assert.Single(test.Handler.Requests);
    }
}
