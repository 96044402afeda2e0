using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Domain.Teams;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Audit;

/// <summary>
/// The audit page's filters and paging on every provider. The database is shared by the class, so each test writes
/// entries for a team of its own and always filters by it (besides the filter under test).
/// </summary>
public abstract class AuditReaderTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AuditReader Reader => new(fixture.ContextFactory());

    [Fact]
    public async Task ReadPage_TeamSlug_ReturnsOnlyThatTeamsEntriesNewestFirstWithTheSlug()
    {
        var team = await NewTeamAsync();
        var other = await NewTeamAsync();
        await AppendAsync(Event(team, 0), Event(other, 1), Event(team, 2));

        var page = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug }, 0, 10, Ct);

        Assert.Equal([2, 0], page.Select(Seconds));
        Assert.All(page, r => Assert.Equal(team.Slug, r.TeamSlug));
    }

    [Fact]
    public async Task ReadPage_UnknownTeam_ReturnsNothing()
    {
        var page = await Reader.ReadPageAsync(new AuditFilter { Team = "no-such-team" }, 0, 10, Ct);

        Assert.Empty(page);
        Assert.Equal(0, await Reader.CountAsync(new AuditFilter { Team = "no-such-team" }, 100, Ct));
    }

    [Fact]
    public async Task ReadPage_ActorPartOfNameOrId_MatchesCaseInsensitively()
    {
        var team = await NewTeamAsync();
        await AppendAsync(
            Event(team, 0, actor: new Actor("oid-alice", "Alice Requester")),
            Event(team, 1, actor: new Actor("oid-bob", "Bob Dba")),
            Event(team, 2, actor: new Actor("oid-carol", "Carol Dba")));

        var byName = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug, Actor = "dba" }, 0, 10, Ct);
        var byId = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug, Actor = "OID-ALI" }, 0, 10, Ct);

        Assert.Equal(["Carol Dba", "Bob Dba"], byName.Select(r => r.ActorName));
        Assert.Equal(["oid-alice"], byId.Select(r => r.ActorId));
    }

    [Fact]
    public async Task ReadPage_ActorWhoWasRenamed_MatchesEachEntryByTheNameItWasRecordedUnder()
    {
        var team = await NewTeamAsync();
        var id = $"oid-{Guid.NewGuid():N}";
        await AppendAsync(
            Event(team, 0, actor: new Actor(id, "Dave Miller")),
            Event(team, 1, actor: new Actor(id, "Dave Miller")),
            Event(team, 2, actor: new Actor(id, "Dave Smith")),
            Event(team, 3, actor: new Actor("oid-erin", "Erin Miller")),
            Event(team, 4, actor: new Actor(id, "Dave Smith")));

        async Task<int[]> SecondsFor(string actor)
        {
            var filter = new AuditFilter { Team = team.Slug, Actor = actor };
            var page = await Reader.ReadPageAsync(filter, 0, 10, Ct);
            Assert.Equal(page.Count, await Reader.CountAsync(filter, 100, Ct));
            return [.. page.Select(Seconds)];
        }

        var oldName = await SecondsFor("MILLER");
        var newName = await SecondsFor("smith");
        var bothNames = await SecondsFor("dave");
        var byId = await SecondsFor(id[..12].ToUpperInvariant());
        var twoActors = await SecondsFor("e");
        var nobody = await SecondsFor("nobody-at-all");

        Assert.Equal([3, 1, 0], oldName);   // the old name, and another actor of that name
        Assert.Equal([4, 2], newName);      // the new name only
        Assert.Equal([4, 2, 1, 0], bothNames); // every name of the actor
        Assert.Equal([4, 2, 1, 0], byId);
        Assert.Equal([4, 3, 2, 1, 0], twoActors);
        Assert.Empty(nobody);
    }

    [Fact]
    public async Task ReadPage_ExactActionOrPrefix_NarrowsToThoseActions()
    {
        var team = await NewTeamAsync();
        await AppendAsync(
            Event(team, 0, action: "request.submitted"),
            Event(team, 1, action: "request.approved"),
            Event(team, 2, action: "requests.other"),
            Event(team, 3, action: "ionos.call"));

        var exact = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug, Action = "request.approved" }, 0, 10, Ct);
        var prefix = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug, Action = "request." }, 0, 10, Ct);
        var star = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug, Action = "request.*" }, 0, 10, Ct);
        var partial = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug, Action = "request" }, 0, 10, Ct);

        Assert.Equal(["request.approved"], exact.Select(r => r.Action));
        Assert.Equal(["request.approved", "request.submitted"], prefix.Select(r => r.Action));
        Assert.Equal(["request.approved", "request.submitted"], star.Select(r => r.Action));
        Assert.Empty(partial); // without '.' or '*' it is exact
    }

    [Fact]
    public async Task ReadPage_ClusterNameOrTargetId_FindsTheRequestsEntries()
    {
        var team = await NewTeamAsync();
        var spec = TestData.Spec();
        var request = ClusterRequest.SubmitCreate(team.Id, "de-fra", TestData.Alice, spec, T0);
        await using (var context = fixture.CreateContext())
        {
            context.ClusterRequests.Add(request);
            await context.SaveChangesAsync(Ct);
        }

        await AppendAsync(
            Event(team, 0, targetId: request.Id.ToString()),
            Event(team, 1),
            Event(team, 2, targetId: request.Id.ToString(), action: "request.approved"));

        var byName = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug, Cluster = spec.Name }, 0, 10, Ct);
        var byId = await Reader.ReadPageAsync(new AuditFilter { Cluster = request.Id.ToString() }, 0, 10, Ct);

        Assert.Equal([2, 0], byName.Select(Seconds));
        Assert.Equal([2, 0], byId.Select(Seconds));
    }

    [Fact]
    public async Task ReadPage_TimeRange_FromIsInclusiveAndToExclusive()
    {
        var team = await NewTeamAsync();
        await AppendAsync(Event(team, 0), Event(team, 10), Event(team, 20), Event(team, 30));

        var page = await Reader.ReadPageAsync(new AuditFilter { Team = team.Slug, From = T0.AddSeconds(10), To = T0.AddSeconds(30) }, 0, 10, Ct);

        Assert.Equal([20, 10], page.Select(Seconds));
    }

    [Fact]
    public async Task ReadPage_UtcRangeWithTimes_IncludesTheFromMinuteAndTheWholeToMinuteOnly()
    {
        var team = await NewTeamAsync();
        var day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var justBefore = day.AddHours(14).AddMinutes(30).AddTicks(-10);   // 14:29:59.999999
        var first = day.AddHours(14).AddMinutes(30);                        // 14:30:00
        var last = day.AddHours(14).AddMinutes(46).AddTicks(-10);          // 14:45:59.999999
        var justAfter = day.AddHours(14).AddMinutes(46);                    // 14:46:00
        await AppendAsync(EventAt(team, justBefore), EventAt(team, first), EventAt(team, last), EventAt(team, justAfter));
        var filter = new AuditFilter { Team = team.Slug }.WithUtcRange(new DateOnly(2026, 3, 2), new TimeOnly(14, 30), new DateOnly(2026, 3, 2), new TimeOnly(14, 45));

        var page = await Reader.ReadPageAsync(filter, 0, 10, Ct);

        Assert.Equal([last, first], page.Select(r => r.OccurredAt));
        Assert.Equal(2, await Reader.CountAsync(filter, 100, Ct));
    }

    [Fact]
    public async Task ReadPage_UtcRangeDatesOnly_IncludesTheWholeLastDay()
    {
        var team = await NewTeamAsync();
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var end = new DateTimeOffset(2026, 3, 4, 0, 0, 0, TimeSpan.Zero);
        await AppendAsync(EventAt(team, start.AddTicks(-10)), EventAt(team, start), EventAt(team, end.AddTicks(-10)), EventAt(team, end));
        var filter = new AuditFilter { Team = team.Slug }.WithUtcRange(new DateOnly(2026, 3, 2), null, new DateOnly(2026, 3, 3), null);

        var page = await Reader.ReadPageAsync(filter, 0, 10, Ct);

        Assert.Equal([end.AddTicks(-10), start], page.Select(r => r.OccurredAt));
    }

    [Fact]
    public async Task ReadPage_PagesThroughEqualTimes_AreStableAndCoverEveryEntryOnce()
    {
        var team = await NewTeamAsync();
        // Ten entries, four sharing one instant: the id breaks the tie, so no page repeats or skips one.
        await AppendAsync([.. Enumerable.Range(0, 10).Select(i => Event(team, i < 4 ? 5 : i))]);
        var filter = new AuditFilter { Team = team.Slug };

        var pages = new List<IReadOnlyList<AuditRecord>>();
        for (var p = 0; p < 4; p++)
        {
            pages.Add(await Reader.ReadPageAsync(filter, p * 3, 3, Ct));
        }

        var again = await Reader.ReadPageAsync(filter, 3, 3, Ct);
        var all = pages.SelectMany(p => p).ToList();
        Assert.Equal([3, 3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(10, all.Select(r => r.Id).Distinct().Count());
        Assert.Equal(all.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Id).Select(r => r.Id), all.Select(r => r.Id));
        Assert.Equal(pages[1].Select(r => r.Id), again.Select(r => r.Id));
        Assert.Equal(10, await Reader.CountAsync(filter, 100, Ct));
        Assert.Equal(4, await Reader.CountAsync(filter, 4, Ct));
    }

    [Fact]
    public async Task Stream_Filter_YieldsEveryMatchNewestFirst()
    {
        var team = await NewTeamAsync();
        await AppendAsync([.. Enumerable.Range(0, 7).Select(i => Event(team, i))]);

        var streamed = new List<AuditRecord>();
        await foreach (var record in Reader.StreamAsync(new AuditFilter { Team = team.Slug }, Ct))
        {
            streamed.Add(record);
        }

        Assert.Equal([6, 5, 4, 3, 2, 1, 0], streamed.Select(Seconds));
        Assert.All(streamed, r => Assert.Equal(team.Slug, r.TeamSlug));
    }

    [Fact]
    public async Task AuditLog_AppendThenSeal_ChainsToTheLatestEntryInSequenceOrder()
    {
        var team = await NewTeamAsync();
        var log = new AuditLog(fixture.ContextFactory());

        await log.AppendAsync(Event(team, 0), Ct);
        await log.AppendAsync(Event(team, 1), Ct);
        Assert.DoesNotContain(await Reader.ReadChainAsync(0, 100_000, Ct), e => e.TeamId == team.Id);
        await new AuditSealer(fixture.ContextFactory()).SealAsync(Ct);

        var chain = await Reader.ReadChainAsync(0, 100_000, Ct);
        Assert.Equal([team.Id, team.Id], chain.TakeLast(2).Select(e => e.TeamId));
        Assert.Equal(chain[^2].Hash, chain[^1].PreviousHash);
        Assert.Equal(chain[^2].Sequence + 1, chain[^1].Sequence);
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long?)i), chain.Select(e => e.Sequence));
        Assert.All(chain, e => Assert.True(e.HasValidHash()));
    }

    private static int Seconds(AuditRecord record) => (int)(record.OccurredAt - T0).TotalSeconds;

    private async Task<Team> NewTeamAsync()
    {
        var team = TestData.Team();
        await using var context = fixture.CreateContext();
        context.Teams.Add(team);
        await context.SaveChangesAsync(Ct);
        return team;
    }

    private async Task AppendAsync(params AuditEvent[] events)
    {
        var log = new AuditLog(fixture.ContextFactory());
        foreach (var e in events)
        {
            await log.AppendAsync(e, Ct);
        }
    }

    private static AuditEvent EventAt(Team team, DateTimeOffset at) => new(
        at, TestData.Alice, "request.submitted", "ClusterRequest", Guid.NewGuid().ToString(), team.Id, "de-fra", $"corr-{Guid.NewGuid():N}", "{}");

    private static AuditEvent Event(Team team, int seconds, Actor? actor = null, string action = "request.submitted", string? targetId = null) => new(
        T0.AddSeconds(seconds), actor ?? TestData.Alice, action, "ClusterRequest", targetId ?? Guid.NewGuid().ToString(), team.Id, "de-fra",
        $"corr-{Guid.NewGuid():N}", "{\"cores\":4}");
}

public sealed class SqliteAuditReaderTests(SqliteDatabaseFixture fixture)
    : AuditReaderTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlAuditReaderTests(PostgreSqlDatabaseFixture fixture)
    : AuditReaderTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;
