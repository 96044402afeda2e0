using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Ionos.Emulator;
using Npgsql;
using Portal.Application.Identity;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.TestSupport;

namespace Portal.Web.Tests.Integration;

/// <summary>
/// Two portal instances on one PostgreSQL database, as two replicas behind a load balancer: the Data Protection key ring
/// in the database (encrypted with the configured certificate) makes the antiforgery token of one valid on the other and
/// the sign-in cookie of one valid on the other; only one of them refreshes (advisory lock), and the other takes over; no approved request is sent to IONOS twice.
/// </summary>
public sealed partial class TwoHostsTests : IAsyncLifetime
{
    private readonly long _lockKey = Random.Shared.NextInt64(1, long.MaxValue);
    private readonly string _certificatePath = Path.Combine(Path.GetTempPath(), $"pgportal-dp-{Guid.NewGuid():N}.pfx");
    private readonly string _certificatePassword = Guid.NewGuid().ToString("N");
    private readonly string _ionosToken = $"two-hosts-{Guid.NewGuid():N}";
    private PostgresTestDatabase _database = default!;
    private EmulatorServer _ionos = default!;
    private PortalAppFactory _first = default!;
    private PortalAppFactory? _second;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=PgPortal Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllBytesAsync(_certificatePath, certificate.Export(X509ContentType.Pfx, _certificatePassword), Ct);
        }

        _database = await PostgresTestDatabase.CreateAsync("web_replicas");

        // One IONOS for both replicas, as in production: each embedded emulator would be an IONOS of its own.
        _ionos = await EmulatorServer.StartAsync(
            new EmulatorOptions { Token = _ionosToken, ProvisioningDelay = TimeSpan.FromSeconds(1) }, cancellationToken: Ct);
        _first = Replica();
        _ = _first.Server;
        await WaitForAsync(async () => await LockHolderAsync() is not null, "the first replica to take the refresh lock");
        _second = Replica();
        _ = _second.Server;
    }

    [Fact]
    public async Task AntiforgeryAndSignInCookie_IssuedByOneReplica_AreAcceptedByTheOther()
    {
        using var first = _first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var second = _second!.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        // The form and its antiforgery cookie come from the first replica...
        using var page = await first.GetAsync("/account/sign-in", Ct);
        var antiforgeryCookie = Cookie(page, "pgportal.af");
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(await page.Content.ReadAsStringAsync(Ct)).Groups[1].Value);

        // ...the post lands on the second, which must accept the token.
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/demo-sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["userId"] = "demo-adam", ["returnUrl"] = "/admin/policies" }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        using var signedIn = await second.SendAsync(post, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var authCookie = Cookie(signedIn, "pgportal.auth");

        // The second replica's sign-in cookie opens an admin page on the first.
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/admin/policies");
        admin.Headers.Add("Cookie", authCookie);
        using var adminPage = await first.SendAsync(admin, Ct);
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
    }

    [Fact]
    public async Task KeyRing_SharedInTheDatabase_IsEncryptedWithTheCertificate()
    {
        using var first = _first.CreateClient();
        using var _ = await first.GetAsync("/account/sign-in", Ct);

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT \"Xml\" FROM \"DataProtectionKeys\"", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                keys.Add(reader.GetString(0));
            }
        }

        // One ring for both replicas (the second found the first's key instead of making its own).
        Assert.Single(keys);
        Assert.Contains("EncryptedData", keys[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", keys[0].Replace("<masterKey p4:requiresDecryption", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", keys[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresher_TwoReplicas_OneHoldsTheLockAndTheOtherTakesOverWhenItStops()
    {
        var holder = await LockHolderAsync();
        Assert.NotNull(holder);
        Assert.Equal(1, await GrantedLocksAsync());

        await _first.DisposeAsync();

        await WaitForAsync(async () => await LockHolderAsync() is { } pid && pid != holder, "the second replica to take over the refresh lock");
        Assert.Equal(1, await GrantedLocksAsync());
    }

    [Fact]
    public async Task Executor_TwoReplicasPolling_EachApprovedRequestIsPostedToIonosExactlyOnce()
    {
        var rita = new PortalUser("demo-rita", "Rita Requester", new HashSet<string> { PortalRoles.Requester }, ["payments"]);
        var dana = new PortalUser("demo-dana", "Dana DBA", new HashSet<string> { PortalRoles.Dba }, ["platform"]);
        string[] names = ["replica-a", "replica-b", "replica-c"];
        var ids = new List<Guid>();
        await using (var scope = _first.Services.CreateAsyncScope())
        {
            foreach (var name in names)
            {
                var submit = await scope.ServiceProvider.GetRequiredService<CreateClusterService>().SubmitAsync(rita, TestDrafts.ValidCreate(name), "Replica!Pw42x", "Replica!Pw42x", Ct);
                Assert.True(submit.Succeeded, string.Join("; ", submit.Report.Problems.Select(p => p.Message)));
                ids.Add(submit.RequestId!.Value);
            }

            foreach (var id in ids)
            {
                var approval = await scope.ServiceProvider.GetRequiredService<RequestDecisionService>().ApproveAsync(dana, id, null, Ct);
                Assert.True(approval.Succeeded, approval.Error);
            }
        }

        await WaitForAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM \"ClusterRequests\" WHERE \"Status\" = 'Completed'") == ids.Count, "every request to complete");

        // Exactly one create reached IONOS per request, and IONOS holds exactly one cluster per name.
        Assert.Equal(ids.Count, _ionos.Calls.Count("POST", "/clusters"));
        var clusters = _ionos.Store.Clusters("de-txl");
        foreach (var name in names)
        {
            Assert.Single(clusters, c => c.Name == name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        await _first.DisposeAsync();
        await _ionos.DisposeAsync();
        await _database.DisposeAsync();
        File.Delete(_certificatePath);
    }

    private PortalAppFactory Replica() => PortalAppFactory.OnPostgres(_database.ConnectionString, new Dictionary<string, string?>
    {
        ["Hosting:DataProtection:CertificatePath"] = _certificatePath,
        ["Hosting:DataProtection:CertificatePassword"] = _certificatePassword,
        ["Portal:Refresh:LockKey"] = _lockKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Refresh:BusyInterval"] = "00:00:00.200",
        ["Portal:Refresh:QuietInterval"] = "00:00:00.200",
        // Both executors poll often, so both compete for every approved request.
        ["Portal:Execution:PollInterval"] = "00:00:00.100",
        ["Ionos:Emulator:Embedded"] = "false",
        ["Ionos:Token"] = _ionosToken,
        ["Ionos:Regions:0:Code"] = "de-txl",
        ["Ionos:Regions:0:BaseUrl"] = _ionos.RegionAddress("de-txl").ToString(),
        ["Ionos:Regions:1:Code"] = "de-fra",
        ["Ionos:Regions:1:BaseUrl"] = _ionos.RegionAddress("de-fra").ToString(),
        ["Ionos:CloudApiBaseUrl"] = new Uri(_ionos.BaseAddress, "cloudapi/v6/").ToString(),
    });

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static string Cookie(HttpResponseMessage response, string name)
    {
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(name + "=", StringComparison.Ordinal));
        return header.Split(';')[0];
    }

    /// <summary>The backend pid holding this test's refresh lock, if any.</summary>
    private async Task<int?> LockHolderAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(LockQuery("pid"), connection);
        command.Parameters.AddWithValue("key", _lockKey);
        return await command.ExecuteScalarAsync(Ct) as int?;
    }

    private async Task<long> GrantedLocksAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(LockQuery("count(*)"), connection);
        command.Parameters.AddWithValue("key", _lockKey);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    // A bigint advisory key is split into classid (high 32 bits) and objid (low 32 bits), objsubid 1.
    private static string LockQuery(string select) => $"""
        SELECT {select} FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 1
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND ((classid::bigint << 32) | objid::bigint) = @key
        """;

    /// <summary>Polls a condition on PostgreSQL until it holds (no fixed sleep decides the outcome); fails after 30 s.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
