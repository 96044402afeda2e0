using System.Net;
using Ionos.PostgreSql.Models;
using Ionos.PostgreSql.Tests.Fakes;

namespace Ionos.PostgreSql.Tests;

public class IonosApiExceptionTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static ClusterCreateRequest CreateWithPassword() => new()
    {
        Properties = new ClusterProperties
        {
            Name = "cms-prod",
            Instances = new InstanceConfiguration { Count = 1, Cores = 99, Ram = 4, StorageSize = 10 },
            Credentials = new PostgresCredentials { Username = "u", Password = "S3cret!pass", Database = "d" },
        },
    };

    [Fact]
    public async Task CreateClusterAsync_ErrorBody_ThrowsOneTypedExceptionWithMessages()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.UnprocessableEntity, Payloads.ValidationError));

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().CreateClusterAsync(CreateWithPassword(), Ct));

        Assert.Equal("IONOS API POST /clusters failed with 422 UnprocessableEntity: [VALIDATION_FAILED] instances.cores must be between 1 and 62", ex.Message);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        var message = Assert.Single(ex.Messages);
        Assert.Equal("VALIDATION_FAILED", message.ErrorCode);
        Assert.Equal(HttpMethod.Post, ex.Method);
        Assert.Equal("/clusters", ex.Path);
        Assert.Equal("de-txl", ex.Region);
        Assert.True(ex.IsValidation);
        Assert.False(ex.IsNotFound);
    }

    [Fact]
    public async Task CreateClusterAsync_Failure_ExceptionNeverContainsTokenOrPassword()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.UnprocessableEntity, Payloads.ValidationError));

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().CreateClusterAsync(CreateWithPassword(), Ct));

        var text = ex.ToString();
        Assert.DoesNotContain(TestClients.Token, text);
        Assert.DoesNotContain("S3cret!pass", text);
        Assert.DoesNotContain("postgresql.de-txl.ionos.com", text);
    }

    [Fact]
    public async Task GetClusterAsync_EmptyBody_StillThrowsWithStatus()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Status(HttpStatusCode.NotFound));

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().GetClusterAsync(Payloads.ClusterId, Ct));

        Assert.True(ex.IsNotFound);
        Assert.Empty(ex.Messages);
        Assert.Equal($"IONOS API GET /clusters/{Payloads.ClusterId} failed with 404 NotFound", ex.Message);
    }

    [Fact]
    public async Task GetClusterAsync_HtmlBody_ThrowsIonosApiExceptionNotJsonException()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Status(HttpStatusCode.Forbidden, "<html><body>Forbidden</body></html>", "text/html"));

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().GetClusterAsync(Payloads.ClusterId, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Empty(ex.Messages);
    }

    [Fact]
    public async Task GetClusterAsync_JsonOfAnotherShape_ThrowsWithoutMessages()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.BadRequest, """["not", "an", "error"]"""));

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().GetClusterAsync(Payloads.ClusterId, Ct));

        Assert.True(ex.IsValidation);
        Assert.Empty(ex.Messages);
    }

    [Fact]
    public async Task CreateClusterAsync_RateLimited_CarriesRetryAfter()
    {
        using var test = TestClients.Create();
        var response = StubHttpHandler.Json(HttpStatusCode.TooManyRequests, """{ "httpStatus": 429, "messages": [ { "errorCode": "RATE", "message": "slow down" } ] }""");
        response.Headers.Add("Retry-After", "17");
        test.Handler.Respond(response);

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().CreateClusterAsync(CreateWithPassword(), Ct));

        Assert.True(ex.IsRateLimited);
        Assert.Equal(TimeSpan.FromSeconds(17), ex.RetryAfter);
    }

    [Fact]
    public async Task DeleteClusterAsync_ServiceUnavailableWithRetryAfterDate_ConvertsToDelayFromClock()
    {
        using var test = TestClients.Create();
        var response = StubHttpHandler.Status(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(test.Time.GetUtcNow().AddMinutes(2));
        test.Handler.Respond(response);

        var ex = await Assert.ThrowsAsync<IonosApiException>(() => test.Client().DeleteClusterAsync(Payloads.ClusterId, Ct));

        Assert.Equal(TimeSpan.FromMinutes(2), ex.RetryAfter);
    }

    [Fact]
    public async Task EnsureClusterAsync_Conflict_IsConflict()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.Conflict, """{ "httpStatus": 409, "messages": [ { "errorCode": "BUSY", "message": "cluster is UPDATING" } ] }"""));

        var ex = await Assert.ThrowsAsync<IonosApiException>(() =>
            test.Client().EnsureClusterAsync(Payloads.ClusterId, new ClusterEnsureRequest { Properties = new ClusterProperties { Name = "n" } }, Ct));

        Assert.True(ex.IsConflict);
        Assert.Equal(HttpMethod.Put, ex.Method);
        Assert.Contains("[BUSY] cluster is UPDATING", ex.Message);
    }
}
