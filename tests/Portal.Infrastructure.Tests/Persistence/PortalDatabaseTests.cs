using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Application.Domain;
using Portal.Application.Domain.Audit;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;

namespace Portal.Infrastructure.Tests.Persistence;

/// <summary>The same behaviour, proved on every provider (see the derived classes).</summary>
public abstract class PortalDatabaseTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    protected TFixture Fixture { get; } = fixture;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrations_AppliedToEmptyDatabase_CreateEveryTableAndLeaveNoPendingModelChanges()
    {
        await using var context = Fixture.CreateContext();

        Assert.False(context.Database.HasPendingModelChanges(), $"The {Fixture.ProviderName} model has changes no migration covers: add a migration.");
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(Ct));
        Assert.Contains(await context.Database.GetAppliedMigrationsAsync(Ct), m => m.EndsWith("_InitialCreate", StringComparison.Ordinal));

        var tables = await context.Database.SqlQueryRaw<string>(Fixture.ListTablesSql).ToListAsync(Ct);
        var expected = context.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().Append("__EFMigrationsHistory");
        Assert.All(expected, table => Assert.Contains(table, tables));
        Assert.Contains("DataProtectionKeys", tables);
    }

    [Fact]
    public async Task Team_SavedWithMembers_ReadsBackWithMembersAndUtcTimes()
    {
        var team = TestData.Team();
        team.AddMember("oid-alice", "Alice", "alice@example.com", TeamRole.Owner, TestData.LocalNow);
        team.AddMember("oid-dave", "Dave", null, TeamRole.Member, TestData.LocalNow);
        await SaveAsync(team);

        await using var context = Fixture.CreateContext();
        var loaded = await context.Teams.Include(t => t.Memberships).SingleAsync(t => t.Slug == team.Slug, Ct);

        Assert.Equal("Payments Team", loaded.DisplayName);
        Assert.Equal(TimeSpan.Zero, loaded.CreatedAt.Offset);
        Assert.Equal(UtcTime.Normalize(TestData.LocalNow), loaded.CreatedAt);
        Assert.Equal(["oid-alice", "oid-dave"], loaded.Memberships.Select(m => m.UserId).Order());
        Assert.Equal(TeamRole.Owner, loaded.Memberships.Single(m => m.UserId == "oid-alice").Role);
    }

    [Fact]
    public async Task Team_DuplicateSlug_IsRejectedByTheDatabase()
    {
        var first = TestData.Team();
        await SaveAsync(first);

        var duplicate = new Team(first.Slug, "Another team", TestData.LocalNow);

        await Assert.ThrowsAsync<DbUpdateException>(() => SaveAsync(duplicate));
    }

    [Fact]
    public async Task TeamMembership_SameUserAddedTwiceConcurrently_IsRejectedByTheDatabase()
    {
        var team = TestData.Team();
        await SaveAsync(team);
        await using var first = Fixture.CreateContext();
        await using var second = Fixture.CreateContext();
        var teamInFirst = await first.Teams.Include(t => t.Memberships).SingleAsync(t => t.Id == team.Id, Ct);
        var teamInSecond = await second.Teams.Include(t => t.Memberships).SingleAsync(t => t.Id == team.Id, Ct);

        teamInFirst.AddMember("oid-erin", "Erin", null, TeamRole.Member, TestData.LocalNow);
        await first.SaveChangesAsync(Ct);
        teamInSecond.AddMember("oid-erin", "Erin", null, TeamRole.Owner, TestData.LocalNow);

        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task ClusterRequest_RoundTrip_KeepsTheWholeSpecAndUtcTimestamps()
    {
        var team = await SaveTeamAsync();
        var spec = TestData.Spec() with
        {
            RestoreSourceBackupId = "backup-7f2c",
            RecoveryTargetTime = TestData.LocalNow.AddHours(-5),
        };
        var request = ClusterRequest.SubmitRestore(team.Id, "de-fra", TestData.Alice, spec, TestData.LocalNow);
        await SaveAsync(request);

        await using var context = Fixture.CreateContext();
        var loaded = await context.ClusterRequests.SingleAsync(r => r.Id == request.Id, Ct);

        Assert.Equal(ClusterRequestKind.Restore, loaded.Kind);
        Assert.Equal(ClusterRequestStatus.PendingApproval, loaded.Status);
        Assert.Equal(spec with { RecoveryTargetTime = UtcTime.Normalize(spec.RecoveryTargetTime) }, loaded.Spec);
        Assert.Equal(TimeSpan.Zero, loaded.Spec.RecoveryTargetTime!.Value.Offset);
        Assert.Equal(spec.Name, loaded.ClusterName);
        Assert.Equal("de-fra", loaded.Region);
        Assert.Equal(("oid-alice", "Alice Requester"), (loaded.RequestedById, loaded.RequestedByName));
        Assert.Equal(TimeSpan.Zero, loaded.CreatedAt.Offset);
        Assert.Equal(TestData.LocalNow.UtcDateTime.AddTicks(-(TestData.LocalNow.UtcTicks % 10)), loaded.CreatedAt.UtcDateTime);
    }

    [Fact]
    public async Task ClusterRequest_SpecColumn_IsReadableJsonWithoutAnyPassword()
    {
        var team = await SaveTeamAsync();
        var spec = TestData.Spec();
        await SaveAsync(ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, spec, TestData.LocalNow));
        await using var context = Fixture.CreateContext();

        var json = await context.Database
            .SqlQuery<string>($"SELECT CAST(\"Spec\" AS TEXT) AS \"Value\" FROM \"ClusterRequests\" WHERE \"ClusterName\" = {spec.Name}")
            .SingleAsync(Ct);

        Assert.Contains("StrictlySynchronous", json, StringComparison.Ordinal);
        Assert.Contains("Wednesday", json, StringComparison.Ordinal);
        Assert.Contains("orders_app", json, StringComparison.Ordinal);
        Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ClusterRequest_DecisionAndExecutionState_RoundTrip()
    {
        var team = await SaveTeamAsync();
        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);
        request.Approve(TestData.Bob, "looks fine", TestData.LocalNow.AddMinutes(5));
        Assert.True(request.TryAcquireLease("worker-1", TestData.LocalNow.AddMinutes(6), TestData.LocalNow.AddMinutes(7)));
        request.BeginSubmitting($"{request.ClusterName}-a1", TestData.LocalNow.AddMinutes(6));
        request.RecordRetryableFailure("429 Too Many Requests", TestData.LocalNow.AddMinutes(6), TestData.LocalNow.AddMinutes(8));
        await SaveAsync(request);

        await using var context = Fixture.CreateContext();
        var loaded = await context.ClusterRequests.SingleAsync(r => r.Id == request.Id, Ct);

        Assert.Equal(ClusterRequestStatus.Submitting, loaded.Status);
        Assert.Equal(("oid-bob", "Bob Dba", "looks fine", false), (loaded.DecidedById, loaded.DecidedByName, loaded.DecisionComment, loaded.AutoApproved));
        Assert.Equal(UtcTime.Normalize(TestData.LocalNow.AddMinutes(5)), loaded.DecidedAt);
        Assert.Equal($"{request.ClusterName}-a1", loaded.ExecutionClusterName);
        Assert.Equal(1, loaded.Attempts);
        Assert.Equal("429 Too Many Requests", loaded.LastError);
        Assert.Equal(UtcTime.Normalize(TestData.LocalNow.AddMinutes(8)), loaded.NextAttemptAt);
        Assert.Equal(("worker-1", UtcTime.Normalize(TestData.LocalNow.AddMinutes(7))), (loaded.LeaseOwner, loaded.LeaseUntil));
    }

    [Fact]
    public async Task ClusterRequests_FilteredAndOrderedByTime_ReturnTheRightRowsOldestFirst()
    {
        var team = await SaveTeamAsync();
        var start = TestData.LocalNow;
        var late = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec("late"), start.AddHours(2));
        var early = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec("early"), start);

        // Same instant as "early"+1h, written with another offset: ordering must follow the instant.
        var middle = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec("middle"), start.AddHours(1).ToOffset(TimeSpan.FromHours(-7)));
        await SaveAsync(late, early, middle);

        await using var context = Fixture.CreateContext();
        var since = start.AddMinutes(30);
        var names = await context.ClusterRequests
            .Where(r => r.TeamId == team.Id && r.CreatedAt > since)
            .OrderBy(r => r.CreatedAt)
            .Select(r => r.ClusterName)
            .ToListAsync(Ct);
        var oldest = await context.ClusterRequests.Where(r => r.TeamId == team.Id).OrderBy(r => r.CreatedAt).Select(r => r.ClusterName).FirstAsync(Ct);

        Assert.Equal(["middle", "late"], names);
        Assert.Equal("early", oldest);
    }

    [Fact]
    public async Task ClusterRequest_TwoConcurrentDecisions_SecondSaveThrowsConcurrencyException()
    {
        var team = await SaveTeamAsync();
        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);
        await SaveAsync(request);
        await using var first = Fixture.CreateContext();
        await using var second = Fixture.CreateContext();
        var inFirst = await first.ClusterRequests.SingleAsync(r => r.Id == request.Id, Ct);
        var inSecond = await second.ClusterRequests.SingleAsync(r => r.Id == request.Id, Ct);

        inFirst.Approve(TestData.Bob, "approved by Bob", TestData.LocalNow.AddMinutes(1));
        await first.SaveChangesAsync(Ct);
        inSecond.Reject(TestData.Carol, "rejected by Carol", TestData.LocalNow.AddMinutes(1));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(Ct));
        await using var check = Fixture.CreateContext();
        var stored = await check.ClusterRequests.SingleAsync(r => r.Id == request.Id, Ct);
        Assert.Equal((ClusterRequestStatus.Approved, "oid-bob"), (stored.Status, stored.DecidedById));
    }

    [Fact]
    public async Task ClusterRequest_EachSave_IncrementsVersion()
    {
        var team = await SaveTeamAsync();
        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);
        await using var context = Fixture.CreateContext();
        context.ClusterRequests.Add(request);
        await context.SaveChangesAsync(Ct);
        var afterInsert = request.Version;

        request.Approve(TestData.Bob, null, TestData.LocalNow);
        await context.SaveChangesAsync(Ct);
        request.BeginSubmitting(request.ClusterName, TestData.LocalNow);
        await context.SaveChangesAsync(Ct);

        Assert.Equal(0, afterInsert);
        Assert.Equal(2, request.Version);
    }

    [Fact]
    public async Task PendingSecret_SavedThenPurged_LeavesNoCiphertextBehind()
    {
        var team = await SaveTeamAsync();
        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec(), TestData.LocalNow);
        await SaveAsync(request, new PendingSecret(request.Id, "CfDJ8-protected-payload", TestData.LocalNow));

        await using (var context = Fixture.CreateContext())
        {
            var secret = await context.PendingSecrets.SingleAsync(s => s.RequestId == request.Id, Ct);
            Assert.Equal("CfDJ8-protected-payload", secret.Ciphertext);
            Assert.DoesNotContain("CfDJ8", secret.ToString(), StringComparison.Ordinal);
            context.PendingSecrets.Remove(secret);
            await context.SaveChangesAsync(Ct);
        }

        await using var check = Fixture.CreateContext();
        Assert.False(await check.PendingSecrets.AnyAsync(s => s.RequestId == request.Id, Ct));
        Assert.True(await check.ClusterRequests.AnyAsync(r => r.Id == request.Id, Ct));
    }

    [Fact]
    public async Task AuditEntry_RoundTrip_KeepsAValidHashChain()
    {
        var teamId = Guid.NewGuid();
        var correlation = Guid.NewGuid().ToString();
        var first = NewAuditEntry(correlation, teamId, "request.submitted", AuditEntry.GenesisHash, TestData.LocalNow);
        var second = NewAuditEntry(correlation, teamId, "request.approved", first.Hash!, TestData.LocalNow.AddTicks(3));
        await SaveAsync(first);
        await SaveAsync(second);

        await using var context = Fixture.CreateContext();
        var chain = await context.AuditEntries.Where(a => a.CorrelationId == correlation).OrderBy(a => a.Id).ToListAsync(Ct);

        Assert.Equal(["request.submitted", "request.approved"], chain.Select(a => a.Action));
        Assert.All(chain, entry => Assert.True(entry.HasValidHash(), $"Entry {entry.Id} no longer matches its hash after a round trip."));
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Equal(TimeSpan.Zero, chain[0].OccurredAt.Offset);
        Assert.Equal("{\"cores\":4,\"password\":\"***\"}", chain[0].Details);
    }

    [Fact]
    public async Task AuditEntry_ChangedInTheDatabase_NoLongerMatchesItsHash()
    {
        var entry = NewAuditEntry(Guid.NewGuid().ToString(), null, "request.submitted", AuditEntry.GenesisHash, TestData.LocalNow);
        await SaveAsync(entry);
        await using var context = Fixture.CreateContext();

        var tampered = "{\"cores\":64}";
        await context.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Details\" = {tampered} WHERE \"Id\" = {entry.Id}", Ct);
        var loaded = await context.AuditEntries.SingleAsync(a => a.Id == entry.Id, Ct);

        Assert.False(loaded.HasValidHash());
    }

    [Fact]
    public async Task AuditEntry_Modified_SaveIsRefusedAndRowIsUnchanged()
    {
        var entry = NewAuditEntry(Guid.NewGuid().ToString(), null, "request.submitted", AuditEntry.GenesisHash, TestData.LocalNow);
        await SaveAsync(entry);
        await using var context = Fixture.CreateContext();
        var loaded = await context.AuditEntries.SingleAsync(a => a.Id == entry.Id, Ct);

        context.Entry(loaded).Property(a => a.Details).CurrentValue = "{}";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => context.SaveChangesAsync(Ct));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        await using var check = Fixture.CreateContext();
        Assert.Equal(entry.Details, (await check.AuditEntries.SingleAsync(a => a.Id == entry.Id, Ct)).Details);
    }

    [Fact]
    public async Task AuditEntry_Deleted_SaveIsRefusedAndRowRemains()
    {
        var entry = NewAuditEntry(Guid.NewGuid().ToString(), null, "request.submitted", AuditEntry.GenesisHash, TestData.LocalNow);
        await SaveAsync(entry);
        await using var context = Fixture.CreateContext();
        var loaded = await context.AuditEntries.SingleAsync(a => a.Id == entry.Id, Ct);

        context.AuditEntries.Remove(loaded);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => context.SaveChangesAsync(Ct));

        Assert.Contains("cannot be deleted", error.Message, StringComparison.Ordinal);
        await using var check = Fixture.CreateContext();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Id == entry.Id, Ct));
    }

    [Fact]
    public async Task ClusterSnapshot_ObservedOverTime_KeepsStateAndHistory()
    {
        var clusterId = Guid.NewGuid().ToString();
        var (snapshot, firstChange) = ClusterSnapshot.FirstSeen("de-fra", clusterId, TestData.Observed("orders", "PROVISIONING"), null, TestData.LocalNow);
        await SaveAsync(snapshot, firstChange);

        await using (var context = Fixture.CreateContext())
        {
            var tracked = await context.ClusterSnapshots.SingleAsync(s => s.ClusterId == clusterId, Ct);
            Assert.True(tracked.Observe(TestData.Observed("orders", "PROVISIONED"), TestData.LocalNow.AddMinutes(10), out var change));
            context.ClusterStateChanges.Add(change!);
            await context.SaveChangesAsync(Ct);
        }

        await using var check = Fixture.CreateContext();
        var loaded = await check.ClusterSnapshots.SingleAsync(s => s.Region == "de-fra" && s.ClusterId == clusterId, Ct);
        var history = await check.ClusterStateChanges
            .Where(c => c.Region == "de-fra" && c.ClusterId == clusterId)
            .OrderByDescending(c => c.ObservedAt)
            .ToListAsync(Ct);
        var unmanaged = await check.ClusterSnapshots.Where(s => s.TeamId == null && s.ClusterId == clusterId).CountAsync(Ct);

        Assert.Equal((ClusterState.Available, "PROVISIONED"), (loaded.State, loaded.StateRaw));
        Assert.Equal(TestData.Observed("orders", "PROVISIONED") with
        {
            CreatedAt = UtcTime.Normalize(TestData.LocalNow.AddDays(-3)),
            LastModifiedAt = UtcTime.Normalize(TestData.LocalNow.AddDays(-1)),
        }, loaded.ToObserved());
        Assert.Equal(UtcTime.Normalize(TestData.LocalNow.AddMinutes(10)), loaded.LastChangedAt);
        Assert.Equal(1, loaded.Version);
        Assert.Equal([(ClusterState?)ClusterState.Provisioning, null], history.Select(h => h.FromState));
        Assert.Equal([ClusterState.Available, ClusterState.Provisioning], history.Select(h => h.ToState));
        Assert.Equal(1, unmanaged);
    }

    [Fact]
    public async Task ClusterSnapshot_SameClusterIdInOneRegionTwice_IsRejectedByTheDatabase()
    {
        var clusterId = Guid.NewGuid().ToString();
        await SaveAsync(ClusterSnapshot.FirstSeen("de-fra", clusterId, TestData.Observed("a"), null, TestData.LocalNow).Snapshot);
        await SaveAsync(ClusterSnapshot.FirstSeen("es-vit", clusterId, TestData.Observed("a"), null, TestData.LocalNow).Snapshot);

        var duplicate = ClusterSnapshot.FirstSeen("de-fra", clusterId, TestData.Observed("b"), null, TestData.LocalNow).Snapshot;

        await Assert.ThrowsAsync<DbUpdateException>(() => SaveAsync(duplicate));
    }

    [Fact]
    public async Task DataProtectionKey_Stored_IsReadBackForOtherReplicas()
    {
        var friendlyName = $"key-{Guid.NewGuid():N}";
        await SaveAsync(new DataProtectionKey { FriendlyName = friendlyName, Xml = "<key id=\"1\" />" });

        await using var context = Fixture.CreateContext();

        Assert.Equal("<key id=\"1\" />", (await context.DataProtectionKeys.SingleAsync(k => k.FriendlyName == friendlyName, Ct)).Xml);
    }

    [Fact]
    public async Task EfLogging_SavingAndQuerying_NeverWritesParameterValues()
    {
        using var provider = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var team = new Team(TestData.UniqueSlug(), "Team-Name-Value-7d1e", TestData.LocalNow);
        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, TestData.Spec("cluster-value-7d1e"), TestData.LocalNow);

        await using (var context = Fixture.CreateContext(loggerFactory))
        {
            context.AddRange(team, request, new PendingSecret(request.Id, "Ciphertext-Value-7d1e", TestData.LocalNow));
            await context.SaveChangesAsync(Ct);
            var wanted = "Team-Name-Value-7d1e";
            _ = await context.Teams.Where(t => t.DisplayName == wanted).ToListAsync(Ct);
        }

        Assert.Contains(provider.Lines, line => line.Contains("INSERT", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(provider.Lines, line => line.Contains("7d1e", StringComparison.Ordinal));
    }

    /// <summary>A sealed entry as the sealer would write it (sequences far apart per call, so tests sharing the table never collide).</summary>
    private static AuditEntry NewAuditEntry(string correlationId, Guid? teamId, string action, string previousHash, DateTimeOffset at)
    {
        var entry = new AuditEntry(at, TestData.Alice, action, "ClusterRequest", Guid.NewGuid().ToString(), teamId, "de-fra", correlationId,
            "{\"cores\":4,\"password\":\"***\"}");
        entry.Seal(Interlocked.Increment(ref _nextSequence), previousHash);
        return entry;
    }

    private static long _nextSequence = Random.Shared.NextInt64(1, long.MaxValue / 2);

    private async Task<Team> SaveTeamAsync()
    {
        var team = TestData.Team();
        await SaveAsync(team);
        return team;
    }

    private async Task SaveAsync(params object[] entities)
    {
        await using var context = Fixture.CreateContext();
        context.AddRange(entities);
        await context.SaveChangesAsync(Ct);
    }
}

public sealed class SqlitePortalDatabaseTests(SqliteDatabaseFixture fixture)
    : PortalDatabaseTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlPortalDatabaseTests(PostgreSqlDatabaseFixture fixture)
    : PortalDatabaseTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;
