using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Domain.Audit;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks;

/// <summary>
/// The audit log at a million entries. The bulk is seeded with COPY, each row chain-correct (built by the real
/// <see cref="AuditEntry"/>, hashed by the real <see cref="AuditHash"/>, chained to the latest entry under the chain's advisory
/// lock); on top of it the real append path (<see cref="IAuditLog"/>, i.e. <see cref="AuditTrail"/>), the audit page's query
/// (<see cref="AuditLogQueries.SearchAsync"/>) and the CSV export endpoint are measured.
/// </summary>
public static class AuditBenchmark
{
    private const string Scenario = "audit log";
    private const int Appends = 2_000;
    private const int ConcurrentWriters = 4;
    private const int BatchSize = 100;
    private const int ExportRows = 100_000;
    private const int QueryWarmup = 3;
    private const int QuerySamples = 30;
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(8);

    private static readonly string[] Actions =
    [
        "request.submitted", "request.approved", "execution.posted", "cluster.state-changed",
        "auth.signed-in", "request.rejected", "execution.completed", "request.cancelled",
    ];

    public static async Task RunAsync(BenchContext bench, FigureTable table)
    {
        var portal = await bench.PortalAsync();
        var size = bench.AuditEntries;
        var workload = $"{size:N0} entries";
        var start = await SeedAsync(portal, size);

        // Append throughput with the chain: one writer, then several queueing on the chain's lock.
        var auditLog = portal.Services.GetRequiredService<IAuditLog>();
        var one = await AppendAsync(auditLog, Appends, writers: 1);
        table.Add(new Figure(Scenario, $"{workload}, {Appends:N0} appends, 1 writer", "append throughput", one, "/s", Target.AtLeast(2000, "/s")));
        var many = await AppendAsync(auditLog, Appends, ConcurrentWriters);
        table.Add(new Figure(Scenario, $"{workload}, {Appends:N0} appends, {ConcurrentWriters} writers", "append throughput", many, "/s", Target.AtLeast(2000, "/s")));
        var batched = await AppendInTransactionsAsync(portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>(), Appends, BatchSize);
        table.Add(new Figure(Scenario, $"{workload}, {Appends:N0} appends, {BatchSize} per transaction (AppendRangeAsync)", "append throughput", batched, "/s", Target.AtLeast(2000, "/s")));
        await VerifyTailAsync(portal, Appends * 3);

        // The audit page: one page of 50 and the capped count, as the page asks for them.
        var teams = await portal.DemoTeamsAsync();
        var day = start + TimeSpan.FromDays(30);
        (string Name, AuditFilter Filter, int Page)[] filters =
        [
            ("no filter, page 1", AuditFilter.None, 0),
            ("action request.approved, page 10", new AuditFilter { Action = "request.approved" }, 9),
            ("team payments, page 3", new AuditFilter { Team = "payments" }, 2),
            ("actor 'rita' (contains), page 1", new AuditFilter { Actor = "rita" }, 0),
            ("one day + action prefix request.", new AuditFilter { From = day, To = day.AddDays(1), Action = "request." }, 0),
        ];
        using (var scope = portal.Services.CreateScope())
        {
            var queries = scope.ServiceProvider.GetRequiredService<AuditLogQueries>();
            foreach (var (name, filter, page) in filters)
            {
                var samples = new List<double>();
                for (var i = 0; i < QueryWarmup + QuerySamples; i++)
                {
                    var watch = Stopwatch.StartNew();
                    var result = await queries.SearchAsync(filter, page, 50, CancellationToken.None);
                    if (i >= QueryWarmup)
                    {
                        samples.Add(watch.Elapsed.TotalMilliseconds);
                    }

                    if (result.Entries.Count == 0)
                    {
                        throw new InvalidOperationException($"The audit query '{name}' found nothing: the seed is not what the benchmark expects.");
                    }
                }

                table.Add(new Figure(Scenario, $"{workload}, {name}", "p95 page + count", Percentile.Of(samples, 95), "ms", Target.Below(50, "ms")));
            }
        }

        // The CSV export endpoint over a time range holding exactly ExportRows seeded entries.
        var from = start + (Spacing * 100_000);
        var to = from + (Spacing * ExportRows);
        using var client = await portal.SignedInClientAsync("demo-aude");
        var url = string.Create(CultureInfo.InvariantCulture,
            $"/audit/export.csv?from={from.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}&to={to.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        var export = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var lines = 0L;
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            while (await reader.ReadLineAsync() is not null)
            {
                lines++;
            }
        }

        export.Stop();
        var rows = lines - 1; // the header
        if (rows < ExportRows)
        {
            throw new InvalidOperationException($"The export returned {rows:N0} rows, expected {ExportRows:N0}.");
        }

        table.Add(new Figure(Scenario, $"{workload}, CSV export of {rows:N0} rows", "export time", export.Elapsed.TotalMilliseconds, "ms", Target.Below(10_000, "ms")));
    }

    /// <summary>Entries per second appended through the real path by <paramref name="writers"/> concurrent writers.</summary>
    private static async Task<double> AppendAsync(IAuditLog auditLog, int count, int writers)
    {
        var actor = new Actor("demo-dana", "Dana DBA");
        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (i, ct) =>
            await auditLog.AppendAsync(new AuditEvent(DateTimeOffset.UtcNow, actor, "request.approved", "ClusterRequest",
                Guid.NewGuid().ToString(), null, "de-txl", Guid.NewGuid().ToString("N"), "{\"bench\":true}"), ct));
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Entries per second appended through <see cref="AuditTrail.AppendRangeAsync"/> (the executor's path for the audits of
    /// one attempt) when a transaction records several at once: per transaction one lock, one read of the latest hash, one
    /// save of <paramref name="perTransaction"/> chained entries and one commit. The chain is verified afterwards by the caller.
    /// </summary>
    private static async Task<double> AppendInTransactionsAsync(IDbContextFactory<PortalDbContext> contexts, int count, int perTransaction)
    {
        var actor = new Actor("system", "PgPortal");
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < count; done += perTransaction)
        {
            var audits = Enumerable.Range(0, perTransaction)
                .Select(_ => new AuditEvent(DateTimeOffset.UtcNow, actor, "cluster.state-changed", "Cluster",
                    Guid.NewGuid().ToString(), null, "de-txl", Guid.NewGuid().ToString("N"), "{\"bench\":true}"))
                .ToList();
            await using var context = await contexts.CreateDbContextAsync();
            await using var transaction = await context.Database.BeginTransactionAsync();
            await AuditTrail.AppendRangeAsync(context, audits, CancellationToken.None);
            await context.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Appends <paramref name="size"/> chain-correct entries with one COPY, in one transaction holding the chain's lock.
    /// Returns the time of the first seeded entry; entry i is at first + i × 8 s.
    /// </summary>
    private static async Task<DateTimeOffset> SeedAsync(BenchPortal portal, int size)
    {
        var teams = (await portal.DemoTeamsAsync()).Values.ToArray();
        var first = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero) - (Spacing * size) - TimeSpan.FromDays(1);
        Console.WriteLine($"  seeding {size:N0} audit entries with COPY ...");
        var watch = Stopwatch.StartNew();
        await using var connection = await portal.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockChain = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AuditTrail.ChainLockKey})", connection, transaction))
        {
            await lockChain.ExecuteNonQueryAsync();
        }

        string previous;
        await using (var latest = new NpgsqlCommand("SELECT \"Hash\" FROM \"AuditEntries\" ORDER BY \"Id\" DESC LIMIT 1", connection, transaction))
        {
            previous = await latest.ExecuteScalarAsync() as string ?? AuditEntry.GenesisHash;
        }

        var actors = Enumerable.Range(0, 40).Select(k => new Actor($"user-{k:D2}", $"User {k:D2}"))
            .Append(new Actor("demo-rita", "Rita Requester")).ToArray();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY "AuditEntries" ("OccurredAt", "ActorId", "ActorName", "Action", "TargetType", "TargetId", "TeamId", "Region",
                                 "CorrelationId", "Details", "PreviousHash", "Hash") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < size; i++)
            {
                var requestId = new Guid(i / 4, 0x6265, 0x6e63, 0x68, 0, 0, 0, 0, 0, 0, 0).ToString();
                var entry = new AuditEntry(
                    first + (Spacing * i),
                    actors[i % 83 == 0 ? actors.Length - 1 : i % (actors.Length - 1)],
                    Actions[i % Actions.Length],
                    "ClusterRequest",
                    requestId,
                    i % 5 == 4 ? null : teams[i % teams.Length],
                    i % 2 == 0 ? "de-txl" : "de-fra",
                    i.ToString("x16", CultureInfo.InvariantCulture),
                    string.Create(CultureInfo.InvariantCulture, $"{{\"cluster\":\"bench-{i / 4 % 10_000:D5}\",\"cores\":{2 << (i % 3)}}}"),
                    previous);
                await copy.StartRowAsync();
                await copy.WriteAsync(entry.OccurredAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(entry.ActorId, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.ActorName, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.Action, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.TargetType, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.TargetId, NpgsqlDbType.Varchar);
                if (entry.TeamId is { } teamId)
                {
                    await copy.WriteAsync(teamId, NpgsqlDbType.Uuid);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(entry.Region!, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.CorrelationId, NpgsqlDbType.Varchar);
                await copy.WriteAsync(entry.Details, NpgsqlDbType.Text);
                await copy.WriteAsync(entry.PreviousHash, NpgsqlDbType.Char);
                await copy.WriteAsync(entry.Hash, NpgsqlDbType.Char);
                previous = entry.Hash;
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
        // VACUUM as well as ANALYZE: in a running portal autovacuum visits an insert-only table after enough inserts
        // (autovacuum_vacuum_insert_threshold) and sets its visibility map; without it every index-only scan (the capped
        // counts) fetches each heap page, a state a freshly COPYed table is in but a live log is not for long.
        await using (var analyze = new NpgsqlCommand("VACUUM (ANALYZE) \"AuditEntries\"", connection))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"  seeded in {watch.Elapsed.TotalSeconds:N0} s");
        return first;
    }

    /// <summary>Checks that the last <paramref name="count"/> entries (the ones the append figures wrote) chain correctly, so a fast but wrong append cannot pass.</summary>
    private static async Task VerifyTailAsync(BenchPortal portal, int count)
    {
        await using var connection = await portal.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FROM (
                SELECT "PreviousHash", lag("Hash") OVER (ORDER BY "Id") AS expected
                FROM (SELECT * FROM "AuditEntries" ORDER BY "Id" DESC LIMIT $1) tail
            ) t WHERE expected IS NOT NULL AND "PreviousHash" <> expected
            """, connection);
        command.Parameters.AddWithValue(count + 1);
        var broken = (long)(await command.ExecuteScalarAsync())!;
        if (broken != 0)
        {
            throw new InvalidOperationException($"{broken} of the appended entries do not chain to their predecessor by Id.");
        }
    }
}
