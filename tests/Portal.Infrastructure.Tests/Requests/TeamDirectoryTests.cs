using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Identity;
using Portal.Infrastructure.Requests;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Requests;

public abstract class TeamDirectoryTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TeamDirectory Directory => new(fixture.ContextFactory(), new FakeTimeProvider(TestData.LocalNow), NullLogger<TeamDirectory>.Instance);

    [Fact]
    public async Task GetTeamsAsync_SlugsSeenForTheFirstTime_CreatesTeamsWithTitleCasedNames()
    {
        var (first, second) = (Slug("payments-core"), Slug("search"));

        var teams = await Directory.GetTeamsAsync(User(first, second), Ct);

        Assert.Equal([first, second], teams.Select(t => t.Slug));
        Assert.Equal(TeamDirectory.DisplayNameFor(first), teams[0].DisplayName);
        Assert.StartsWith("Payments Core ", teams[0].DisplayName, StringComparison.Ordinal);
        await using var context = fixture.CreateContext();
        var stored = await context.Teams.Where(t => t.Slug == first || t.Slug == second).ToListAsync(Ct);
        Assert.Equal(teams.Select(t => t.Id).Order(), stored.Select(t => t.Id).Order());
    }

    [Fact]
    public async Task GetTeamsAsync_KnownTeam_ReturnsTheExistingRowUnchanged()
    {
        var existing = TestData.Team();
        await using (var context = fixture.CreateContext())
        {
            context.Teams.Add(existing);
            await context.SaveChangesAsync(Ct);
        }

        var teams = await Directory.GetTeamsAsync(User(existing.Slug), Ct);

        Assert.Equal([(existing.Id, existing.Slug, "Payments Team")], teams.Select(t => (t.Id, t.Slug, t.DisplayName)));
    }

    [Fact]
    public async Task GetTeamsAsync_TwoConcurrentFirstSignIns_CreateEachTeamOnce()
    {
        var slugs = new[] { Slug("alpha"), Slug("beta"), Slug("gamma") };

        var results = await Task.WhenAll(
            Task.Run(() => Directory.GetTeamsAsync(User(slugs), Ct), Ct),
            Task.Run(() => Directory.GetTeamsAsync(User(slugs), Ct), Ct));

        Assert.Equal(results[0], results[1]);
        await using var context = fixture.CreateContext();
        Assert.Equal(3, await context.Teams.CountAsync(t => slugs.Contains(t.Slug), Ct));
    }

    [Fact]
    public async Task GetTeamsAsync_InvalidOrDuplicateClaims_AreIgnored()
    {
        var slug = Slug("ops");

        var teams = await Directory.GetTeamsAsync(User(slug, "Not A Slug!", slug.ToUpperInvariant(), ""), Ct);

        Assert.Equal([slug], teams.Select(t => t.Slug));
    }

    [Fact]
    public async Task GetTeamsAsync_NoTeamClaims_ReturnsNoTeams()
    {
        Assert.Empty(await Directory.GetTeamsAsync(User(), Ct));
    }

    private static string Slug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    private static PortalUser User(params string[] teams) =>
        new("oid-alice", "Alice", new HashSet<string>(), teams);
}

public sealed class SqliteTeamDirectoryTests(SqliteDatabaseFixture fixture)
    : TeamDirectoryTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlTeamDirectoryTests(PostgreSqlDatabaseFixture fixture)
    : TeamDirectoryTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;
