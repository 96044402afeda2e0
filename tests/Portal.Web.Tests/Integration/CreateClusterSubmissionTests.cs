using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.TestSupport;

namespace Portal.Web.Tests.Integration;

/// <summary>
/// A submit through the real application service, wired as the portal wires it, on PostgreSQL with the embedded emulator:
/// the request and its audit entry are stored, and the plaintext password is in no table at all.
/// </summary>
public sealed class CreateClusterSubmissionTests : IAsyncLifetime
{
    private const string Password = "Tr1cky&Canary42";
    private static readonly PortalUser Rita = new("demo-rita", "Rita Requester", new HashSet<string> { PortalRoles.Requester }, ["payments"]);

    private PostgresTestDatabase _database = default!;
    private PortalAppFactory _portal = default!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("web_submit");
        _portal = PortalAppFactory.OnPostgres(_database.ConnectionString);
        _ = _portal.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Submit_ValidDraft_StoresPendingRequestAndAuditEntryAndNoPlaintextPasswordAnywhere()
    {
        var result = await SubmitAsync(TestDrafts.ValidCreate("orders-db"));

        Assert.True(result.Succeeded, string.Join("; ", result.Report.Problems.Select(p => $"{p.Field}: {p.Message}")));
        await using var connection = await OpenAsync();
        var status = await ScalarAsync<string>(connection, $"SELECT \"Status\" FROM \"ClusterRequests\" WHERE \"Id\" = '{result.RequestId}'");
        Assert.Equal(nameof(ClusterRequestStatus.PendingApproval), status);
        var audit = await ScalarAsync<long>(connection,
            $"SELECT count(*) FROM \"AuditEntries\" WHERE \"Action\" = 'request.submitted' AND \"TargetId\" = '{result.RequestId}' AND \"ActorId\" = 'demo-rita'");
        Assert.Equal(1, audit);
        var secrets = await ScalarAsync<long>(connection, $"SELECT count(*) FROM \"PendingSecrets\" WHERE \"RequestId\" = '{result.RequestId}'");
        Assert.Equal(1, secrets);

        Assert.Empty(await TablesContainingAsync(connection, Password));
    }

    [Fact]
    public async Task Submit_TamperedDraft_IsRefusedWithTheRuleMessagesAndNothingIsSaved()
    {
        var draft = TestDrafts.ValidCreate("tampered-db");
        draft.Cores = 500;
        draft.PostgresVersion = "99";
        draft.TeamSlug = "search";

        var result = await SubmitAsync(draft);

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Report.For(DraftFields.Team));
        await using var connection = await OpenAsync();
        Assert.Equal(0, await ScalarAsync<long>(connection, "SELECT count(*) FROM \"ClusterRequests\" WHERE \"ClusterName\" = 'tampered-db'"));
        Assert.Equal(0, await ScalarAsync<long>(connection, "SELECT count(*) FROM \"PendingSecrets\""));

        draft.TeamSlug = "payments";
        result = await SubmitAsync(draft);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Report.For(DraftFields.Cores), m => m.Contains("62", StringComparison.Ordinal));
        Assert.NotEmpty(result.Report.For(DraftFields.PostgresVersion));
        Assert.Equal(0, await ScalarAsync<long>(connection, "SELECT count(*) FROM \"ClusterRequests\""));
    }

    private async Task<SubmitResult> SubmitAsync(CreateClusterDraft draft)
    {
        await using var scope = _portal.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CreateClusterService>();
        return await service.SubmitAsync(Rita, draft, Password, Password, TestContext.Current.CancellationToken);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    /// <summary>Every table of the portal's schema, each row as text, searched for the value.</summary>
    private static async Task<List<string>> TablesContainingAsync(NpgsqlConnection connection, string value)
    {
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("ClusterRequests", tables);
        var hits = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" t WHERE t::text LIKE @pattern", connection);
            search.Parameters.AddWithValue("pattern", "%" + value + "%");
            if ((long)(await search.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0)
            {
                hits.Add(table);
            }
        }

        return hits;
    }
}
