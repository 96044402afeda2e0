using System.Net;
using Ionos.PostgreSql.Tests.Fakes;

namespace Ionos.PostgreSql.Tests;

public class AuthenticationTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Request_TokenOption_SentAsBearer()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterResponse));

        await test.Client().GetClusterAsync(Payloads.ClusterId, Ct);

        Assert.Equal($"Bearer {TestClients.Token}", Assert.Single(test.Handler.Requests).Authorization);
    }

    [Fact]
    public async Task Request_EmptyTokenOption_UsesNamedEnvironmentVariable()
    {
        var variable = "IONOS_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "from-environment");
        try
        {
            using var test = TestClients.Create(o =>
            {
                o.Token = "";
                o.TokenEnvironmentVariable = variable;
            });
            test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterResponse));

            await test.Client().GetClusterAsync(Payloads.ClusterId, Ct);

            Assert.Equal("Bearer from-environment", Assert.Single(test.Handler.Requests).Authorization);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Options_ToString_NeverShowsToken()
    {
        var options = new IonosPostgresOptions { Token = "very-secret-token" };
        options.Regions.Add(new IonosRegionOptions { Code = "de-txl" });

        Assert.DoesNotContain("very-secret-token", options.ToString());
        Assert.Contains("de-txl", options.ToString());
    }

    [Fact]
    public async Task Logs_RequestsAndFailures_HaveMethodPathStatusButNoTokenOrPassword()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.UnprocessableEntity, Payloads.ValidationError));
        var request = new Models.ClusterCreateRequest
        {
            Properties = new Models.ClusterProperties
            {
                Name = "n",
                Credentials = new Models.PostgresCredentials { Username = "u", Password = "Pw-in-body-1!", Database = "d" },
            },
        };

        await Assert.ThrowsAsync<IonosApiException>(() => test.Client().CreateClusterAsync(request, Ct));

        var line = Assert.Single(test.Logs.Logs, l => l.Category == "Ionos.PostgreSql.IonosRequestLoggingHandler");
        Assert.Equal("IONOS de-txl POST /clusters answered 422 in 0 ms", line.Message);
        Assert.DoesNotContain(TestClients.Token, test.Logs.AllText);
        Assert.DoesNotContain("Pw-in-body-1!", test.Logs.AllText);
    }
}
