using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Portal.Application.Identity;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using Portal.TestSupport;

namespace Portal.Web.Tests.Security;

/// <summary>
/// A known password and a known IONOS token go through the whole flow (wizard submit, DBA approval, executor POST to
/// the emulator, completion), with every log category at Trace. Then every log line, every table, a pg_dump of the
/// database, the audit entries and the HTML/CSV the portal serves are searched for them: zero hits.
/// </summary>
public sealed class CanaryTests : IAsyncLifetime
{
    private static readonly string Password = "Canary!Pw7" + Guid.NewGuid().ToString("N")[..12];
    private static readonly string Token = "canary-token-" + Guid.NewGuid().ToString("N");
    private static readonly PortalUser Rita = new("demo-rita", "Rita Requester", new HashSet<string> { PortalRoles.Requester }, ["payments"]);
    private static readonly PortalUser Dana = new("demo-dana", "Dana DBA", new HashSet<string> { PortalRoles.Dba }, ["platform"]);

    private readonly CapturingLoggerProvider _logs = new();
    private PostgresTestDatabase _database = default!;
    private WebApplicationFactory<Program> _portal = default!;
    private PortalAppFactory _base = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("web_canary");
        _base = PortalAppFactory.OnPostgres(_database.ConnectionString, new Dictionary<string, string?>
        {
            ["Ionos:Token"] = Token,
            ["Logging:LogLevel:Default"] = "Trace",
        });
        _portal = _base.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)));
        _ = _portal.Server;
    }

    [Fact]
    public async Task PasswordAndToken_ThroughTheFullFlow_AppearInNoLogTableDumpAuditOrPage()
    {
        Guid requestId;
        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var submit = await scope.ServiceProvider.GetRequiredService<CreateClusterService>()
                .SubmitAsync(Rita, TestDrafts.ValidCreate("canary-db"), Password, Password, Ct);
            Assert.True(submit.Succeeded, string.Join("; ", submit.Report.Problems.Select(p => p.Message)));
            requestId = submit.RequestId!.Value;
            var approval = await scope.ServiceProvider.GetRequiredService<RequestDecisionService>().ApproveAsync(Dana, requestId, "canary", Ct);
            Assert.True(approval.Succeeded, approval.Error);
        }

        await WaitForStatusAsync(requestId, "Completed");
        // Completed means the canaries were used: the emulator accepts only this token, and the POST carried the password.

        var pages = new List<string>();
        foreach (var (user, paths) in new[]
        {
            ("demo-rita", new[] { "/", "/requests", $"/requests/{requestId}", "/clusters/new" }),
            ("demo-dana", new[] { "/approvals", $"/requests/{requestId}", "/audit", "/audit/export.csv" }),
        })
        {
            using var client = await _base.CreateSignedInClientAsync(user);
            foreach (var path in paths)
            {
                pages.Add(path + "\n" + await client.GetStringAsync(path, Ct));
            }
        }

        var dump = await PgDumpAsync();
        Assert.Contains("AuditEntries", dump, StringComparison.Ordinal);
        Assert.Contains(requestId.ToString(), dump, StringComparison.Ordinal);

        foreach (var secret in new[] { Password, Token })
        {
            Assert.DoesNotContain(_logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
            Assert.Empty(await TablesContainingAsync(secret));
            Assert.DoesNotContain(secret, dump, StringComparison.Ordinal);
            Assert.DoesNotContain(pages, p => p.Contains(secret, StringComparison.Ordinal));
        }

        // The searches can find things: the request id is in the logs, the tables and the pages.
        Assert.Contains(_logs.Lines, l => l.Contains(requestId.ToString(), StringComparison.Ordinal));
        Assert.NotEmpty(await TablesContainingAsync(requestId.ToString()));
        Assert.Contains(pages, p => p.Contains(requestId.ToString(), StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _base.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task WaitForStatusAsync(Guid requestId, string expected)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        string? status = null;
        while (status != expected)
        {
            await using var connection = new NpgsqlConnection(_database.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("SELECT \"Status\" FROM \"ClusterRequests\" WHERE \"Id\" = @id", connection);
            command.Parameters.AddWithValue("id", requestId);
            status = (string?)await command.ExecuteScalarAsync(Ct);
            if (status is "Failed" or "NeedsAttention")
            {
                Assert.Fail($"The request ended {status}.");
            }

            if (status != expected)
            {
                try
                {
                    await Task.Delay(100, timeout.Token);
                }
                catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
                {
                    Assert.Fail($"The request stayed {status}.");
                }
            }
        }
    }

    private async Task<List<string>> TablesContainingAsync(string value)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("AuditEntries", tables);
        var hits = new List<string>();
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\" t WHERE t::text LIKE @pattern", connection);
            search.Parameters.AddWithValue("pattern", "%" + value + "%");
            if ((long)(await search.ExecuteScalarAsync(Ct))! > 0)
            {
                hits.Add(table);
            }
        }

        return hits;
    }

    /// <summary>pg_dump of the test database (schema and data), as a backup would hold it.</summary>
    private async Task<string> PgDumpAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var start = new ProcessStartInfo("pg_dump")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--no-owner", "-h", builder.Host!, "-p", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", builder.Username!, builder.Database! },
        };
        start.Environment["PGPASSWORD"] = builder.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    /// <summary>Every log line of every category and level, with its exception and structured values.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
            }
        }
    }
}
