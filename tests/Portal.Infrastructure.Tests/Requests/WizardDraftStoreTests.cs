using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Requests;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Requests;

public abstract class WizardDraftStoreTests<TFixture>(TFixture fixture)
    where TFixture : PortalDatabaseFixture
{
    private readonly FakeTimeProvider _time = new(TestData.LocalNow);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WizardDraftStore Store => new(fixture.ContextFactory(), _time, NullLogger<WizardDraftStore>.Instance);

    [Fact]
    public async Task SaveThenLoad_FilledDraft_RoundTripsEveryField()
    {
        var userId = NewUser();
        var draft = FilledDraft();

        await Store.SaveAsync(userId, draft, Ct);
        var loaded = await Store.LoadAsync(userId, Ct);

        Assert.NotNull(loaded);
        Assert.Equivalent(draft, loaded, strict: true);
    }

    [Fact]
    public async Task Save_EnumsAndNoPassword_AreStoredAsReadableJson()
    {
        var userId = NewUser();

        await Store.SaveAsync(userId, FilledDraft(), Ct);

        await using var context = fixture.CreateContext();
        var record = await context.WizardDrafts.SingleAsync(d => d.UserId == userId, Ct);
        Assert.Contains("\"replicationMode\":\"StrictlySynchronous\"", record.Json, StringComparison.Ordinal);
        Assert.Contains("\"maintenanceDay\":\"Friday\"", record.Json, StringComparison.Ordinal);
        Assert.DoesNotContain("password", record.Json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(UtcTime.Normalize(TestData.LocalNow), record.UpdatedAt);
    }

    [Fact]
    public async Task Save_Twice_KeepsOneRowWithTheLatestDraft()
    {
        var userId = NewUser();
        await Store.SaveAsync(userId, FilledDraft(), Ct);
        _time.Advance(TimeSpan.FromMinutes(5));

        await Store.SaveAsync(userId, new CreateClusterDraft { Name = "second", CurrentStep = 2 }, Ct);

        var loaded = await Store.LoadAsync(userId, Ct);
        Assert.Equal(("second", 2), (loaded?.Name, loaded?.CurrentStep));
        await using var context = fixture.CreateContext();
        Assert.Equal(1, await context.WizardDrafts.CountAsync(d => d.UserId == userId, Ct));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"replicationMode\":\"Bogus\"}")]
    [InlineData("{\"instances\":\"many\"}")]
    [InlineData("[]")]
    public async Task Load_UnreadableJson_ReturnsNullSoTheWizardStartsOver(string json)
    {
        var userId = NewUser();
        await using (var context = fixture.CreateContext())
        {
            context.WizardDrafts.Add(new WizardDraftRecord { UserId = userId, Json = json, UpdatedAt = TestData.LocalNow });
            await context.SaveChangesAsync(Ct);
        }

        Assert.Null(await Store.LoadAsync(userId, Ct));
    }

    [Fact]
    public async Task Load_NoDraft_ReturnsNull()
    {
        Assert.Null(await Store.LoadAsync(NewUser(), Ct));
    }

    [Fact]
    public async Task Delete_SavedDraft_IsGoneAndDeletingAgainIsHarmless()
    {
        var userId = NewUser();
        var other = NewUser();
        await Store.SaveAsync(userId, FilledDraft(), Ct);
        await Store.SaveAsync(other, FilledDraft(), Ct);

        await Store.DeleteAsync(userId, Ct);
        await Store.DeleteAsync(userId, Ct);

        Assert.Null(await Store.LoadAsync(userId, Ct));
        Assert.NotNull(await Store.LoadAsync(other, Ct));
    }

    private static string NewUser() => $"oid-{Guid.NewGuid():N}";

    private static CreateClusterDraft FilledDraft() => new()
    {
        Name = "orders-prod",
        Description = "orders database",
        TeamSlug = "payments",
        Region = "de-fra",
        BackupLocation = "eu-central-3",
        RetentionDays = 14,
        PostgresVersion = "17",
        Preset = null,
        Instances = 3,
        Cores = 4,
        RamGb = 16,
        StorageGb = 100,
        ReplicationMode = ReplicationMode.StrictlySynchronous,
        ConnectionPooler = ConnectionPooler.Session,
        ManualNetworkEntry = true,
        DatacenterId = "c1a2b3d4-0000-4000-8000-00000000f4a1",
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Friday,
        MaintenanceTime = "03:00:00",
        Username = "orders_app",
        DatabaseName = "orders",
        CurrentStep = 5,
    };
}

public sealed class SqliteWizardDraftStoreTests(SqliteDatabaseFixture fixture)
    : WizardDraftStoreTests<SqliteDatabaseFixture>(fixture), IClassFixture<SqliteDatabaseFixture>;

public sealed class PostgreSqlWizardDraftStoreTests(PostgreSqlDatabaseFixture fixture)
    : WizardDraftStoreTests<PostgreSqlDatabaseFixture>(fixture), IClassFixture<PostgreSqlDatabaseFixture>;
