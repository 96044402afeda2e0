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
/// The audit log at a million entries. The bulk is seeded with COPY as sealed rows, each chain-correct (built by the real
/// <see cref="AuditEntry"/>, sealed by its real <see cref="AuditEntry.Seal"/>, chained to the last sealed entry under the chain's
/// advisory lock); on top of it the real append path (<see cref="IAuditLog"/>, i.e. <see cref="AuditTrail"/>) together with the
/// portal's own hosted <see cref="AuditSealer"/>, the audit page's query (<see cref="AuditLogQueries.SearchAsync"/>) and the CSV
/// export endpoint are measured.
/// </summary>
public static class AuditBenchmark
{
    private const string Scenario = "audit log";
    private const int Appends = 2_000;
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

        // Append throughput with the chain: entries appended through the real path (IAuditLog, one entry per call) by 1, 4
        // and 16 concurrent callers, counted until the portal's own sealer has sealed the last of them; then 100 per
        // transaction (AppendRangeAsync). Concurrent callers share saves (AuditLog's group commit: entries queued during a
        // save go in the next one); one caller has nobody to share with (one save and one WAL flush per entry), so its
        // figure is reported without the target. How many saves and sealing rounds each run took is printed beside it.
        var auditLog = portal.Services.GetRequiredService<IAuditLog>();
        var sealer = portal.Services.GetRequiredService<AuditSealer>();
        var contexts = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var saves = 0;
        var rounds = 0;
        if (auditLog is AuditLog groupCommit)
        {
            groupCommit.Saved += (_, _) => Interlocked.Increment(ref saves);
        }

        sealer.Sealed += (_, _) => Interlocked.Increment(ref rounds);
        var appended = 0;
        foreach (var writers in new[] { 1, 4, 16 })
        {
            saves = 0;
            rounds = 0;
            var rate = await AppendedAndSealedAsync(portal, sealer, Appends, () => AppendAsync(auditLog, Appends, writers));
            Console.WriteLine($"  {writers} caller{(writers == 1 ? "" : "s")}: {Appends:N0} entries in {saves:N0} saves ({(double)Appends / Math.Max(saves, 1):N1} per save), sealed in {rounds:N0} rounds");
            var target = writers == 1 ? null : Target.AtLeast(2000, "/s");
            table.Add(new Figure(Scenario, $"{workload}, {Appends:N0} appends (IAuditLog), {writers} caller{(writers == 1 ? "" : "s")}, until sealed", "append throughput", rate, "/s", target));
            appended += Appends;
        }

        var batched = await AppendedAndSealedAsync(portal, sealer, Appends, () => AppendInTransactionsAsync(contexts, Appends, BatchSize));
        table.Add(new Figure(Scenario, $"{workload}, {Appends:N0} appends, {BatchSize} per transaction (AppendRangeAsync), until sealed", "append throughput", batched, "/s", Target.AtLeast(2000, "/s")));
        appended += Appends;
        await VerifyTailAsync(portal, appended);

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

    /// <summary>
    /// Entries per second from the start of <paramref name="append"/> until the portal's hosted sealer (woken by the commits,
    /// not called here) has sealed the last of the <paramref name="count"/> entries it appends.
    /// </summary>
    private static async Task<double> AppendedAndSealedAsync(BenchPortal portal, AuditSealer sealer, int count, Func<Task> append)
    {
        var target = await LastSequenceAsync(portal) + count;
        var allSealed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSealed(object? sender, AuditSealedEventArgs e)
        {
            if (e.LastSequence >= target)
            {
                allSealed.TrySetResult();
            }
        }

        sealer.Sealed += OnSealed;
        try
        {
            var watch = Stopwatch.StartNew();
            await append();
            var appendedIn = watch.Elapsed;
            await allSealed.Task.WaitAsync(TimeSpan.FromMinutes(2));
            watch.Stop();
            Console.WriteLine($"  {count:N0} appended in {appendedIn.TotalMilliseconds:N0} ms, all sealed after {watch.Elapsed.TotalMilliseconds:N0} ms");
            return count / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            sealer.Sealed -= OnSealed;
        }
    }

    /// <summary>The highest sequence sealed so far; waits for the sealer to catch up first, so the next figure starts clean.</summary>
    private static async Task<long> LastSequenceAsync(BenchPortal portal)
    {
        await portal.Services.GetRequiredService<AuditSealer>().SealAsync(CancellationToken.None);
        await using var connection = await portal.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(\"Sequence\"), 0) FROM \"AuditEntries\"", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Appends <paramref name="count"/> entries through the real path, one per transaction, by <paramref name="writers"/> concurrent writers.</summary>
    private static async Task AppendAsync(IAuditLog auditLog, int count, int writers)
    {
        var actor = new Actor("demo-dana", "Dana DBA");
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (i, ct) =>
            await auditLog.AppendAsync(new AuditEvent(DateTimeOffset.UtcNow, actor, "request.approved", "ClusterRequest",
                Guid.NewGuid().ToString(), null, "de-txl", Guid.NewGuid().ToString("N"), "{\"bench\":true}"), ct));
    }

    /// <summary>
    /// Appends through <see cref="AuditTrail.AppendRangeAsync"/> (the executor's path for the audits of one attempt) when a
    /// transaction records several at once: per transaction one save of <paramref name="perTransaction"/> entries and one
    /// commit. The chain is verified afterwards by the caller.
    /// </summary>
    private static async Task AppendInTransactionsAsync(IDbContextFactory<PortalDbContext> contexts, int count, int perTransaction)
    {
        var actor = new Actor("system", "PgPortal");
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
    }

    /// <summary>
    /// Appends <paramref name="size"/> sealed, chain-correct entries with one COPY, in one transaction holding the chain's lock.
    /// Returns the time of the first seeded entry; entry i is at first + i × 8 s.
    /// </summary>
    private static async Task<DateTimeOffset> SeedAsync(BenchPortal portal, int size)
    {
        var teams = (await portal.DemoTeamsAsync()).Values.ToArray();
        var first = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero) - (Spacing * size) - TimeSpan.FromDays(1);
        Console.WriteLine($"  seeding {size:N0} audit entries with COPY ...");
        var watch = Stopwatch.StartNew();
        await using var connection = await portal.OpenAsync();
        // The seeded rows are sealed rows, so the chain's lock is held while they are numbered after the last sealed entry (an
        // entry the portal wrote but had not sealed yet is simply sealed after them).
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockChain = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AuditTrail.ChainLockKey})", connection, transaction))
        {
            await lockChain.ExecuteNonQueryAsync();
        }

        string previous = AuditEntry.GenesisHash;
        long sequence = 0;
        await using (var latest = new NpgsqlCommand("SELECT \"Sequence\", \"Hash\" FROM \"AuditEntries\" WHERE \"Sequence\" IS NOT NULL ORDER BY \"Sequence\" DESC LIMIT 1", connection, transaction))
        await using (var reader = await latest.ExecuteReaderAsync())
        {
            if (await reader.ReadAsync())
            {
                (sequence, previous) = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        var actors = Enumerable.Range(0, 40).Select(k => new Actor($"user-{k:D2}", $"User {k:D2}"))
            .Append(new Actor("demo-rita", "Rita Requester")).ToArray();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY "AuditEntries" ("OccurredAt", "ActorId", "ActorName", "Action", "TargetType", "TargetId", "TeamId", "Region",
                                 "CorrelationId", "Details", "Sequence", "PreviousHash", "Hash") FROM STDIN (FORMAT BINARY)
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
                    string.Create(CultureInfo.InvariantCulture, $"{{\"cluster\":\"bench-{i / 4 % 10_000:D5}\",\"cores\":{2 << (i % 3)}}}"));
                entry.Seal(++sequence, previous);
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
                await copy.WriteAsync(entry.Sequence!.Value, NpgsqlDbType.Bigint);
                await copy.WriteAsync(entry.PreviousHash!, NpgsqlDbType.Char);
                await copy.WriteAsync(entry.Hash!, NpgsqlDbType.Char);
                previous = entry.Hash!;
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
        // VACUUM as well as ANALYZE: in a running portal autovacuum visits an insert-only table after enough inserts
        // (autovacuum_vacuum_insert_threshold) and sets its visibility map; without it every index-only scan (the capped
        // counts) fetches each heap page, a state a freshly COPYed table is in but a live log is not for long.
        // VACUUM can only mark pages all-visible once no other transaction's snapshot predates the seed: the portal's sealer
        // may still be finishing the statement that waited for the chain's lock during the seed. So vacuum until the map is
        // set (a first run then left relallvisible at 0, and every capped count read 10,000 heap pages: 140 ms, not 3 ms).
        for (var attempt = 1; ; attempt++)
        {
            await using (var analyze = new NpgsqlCommand("VACUUM (ANALYZE) \"AuditEntries\"", connection))
            {
                await analyze.ExecuteNonQueryAsync();
            }

            await using var visible = new NpgsqlCommand("SELECT relallvisible::float8 / greatest(relpages, 1) FROM pg_class WHERE relname = 'AuditEntries'", connection);
            var share = (double)(await visible.ExecuteScalarAsync())!;
            if (share >= 0.99 || attempt == 10)
            {
                Console.WriteLine($"  vacuumed: {share:P0} of the table's pages all-visible (attempt {attempt})");
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Console.WriteLine($"  seeded in {watch.Elapsed.TotalSeconds:N0} s");
        return first;
    }

    /// <summary>
    /// Checks that the last <paramref name="count"/> entries (the ones the append figures wrote) are all sealed, numbered without
    /// a gap and chained to their predecessor by sequence, and that their hashes match their content (the verifier's check per
    /// entry), so a fast but wrong append or seal cannot pass.
    /// </summary>
    private static async Task VerifyTailAsync(BenchPortal portal, int count)
    {
        await using var connection = await portal.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM "AuditEntries" WHERE "Sequence" IS NULL),
                   count(*) FILTER (WHERE expected IS NOT NULL AND ("PreviousHash" <> expected OR "Sequence" <> expected_sequence))
            FROM (
                SELECT "PreviousHash", "Sequence", lag("Hash") OVER (ORDER BY "Sequence") AS expected,
                       lag("Sequence") OVER (ORDER BY "Sequence") + 1 AS expected_sequence
                FROM (SELECT * FROM "AuditEntries" WHERE "Sequence" IS NOT NULL ORDER BY "Sequence" DESC LIMIT $1) tail
            ) t
            """, connection);
        command.Parameters.AddWithValue(count + 1);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            var (unsealed, broken) = (reader.GetInt64(0), reader.GetInt64(1));
            if (unsealed != 0 || broken != 0)
            {
                throw new InvalidOperationException($"{unsealed} appended entries are unsealed and {broken} do not chain to their predecessor by sequence.");
            }
        }

        await using var context = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var tail = await context.AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence).Take(count).ToListAsync();
        if (tail.Count(e => !e.HasValidHash()) is var invalid and > 0)
        {
            throw new InvalidOperationException($"{invalid} of the appended entries do not match their hash.");
        }
    }
}
