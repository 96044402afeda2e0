using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Domain.Requests;
using Portal.Application.Identity;
using Portal.Application.Offerings;
using Portal.Application.Regions;
using Portal.Application.Requests.Create;

namespace Portal.Application.Tests.Requests.Create;

/// <summary>
/// The fresh draft's default maintenance window: "a random weekday daytime slot", documented on
/// <see cref="CreateClusterService"/> as Monday to Friday, starting on the hour from 08:00:00 to 15:00:00 UTC.
/// </summary>
public sealed class CreateClusterServiceDraftTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static readonly int[] DaytimeStartHours = [8, 9, 10, 11, 12, 13, 14, 15];

    private readonly PortalUser _ada = new("user-ada", "Ada Lovelace", new HashSet<string> { "Requester" }, ["payments"]);
    private readonly FakeDrafts _drafts = new();

    [Fact]
    public async Task Start_NoSavedDraft_WindowIsAWeekdayDaytimeSlotInHhMmSsThatTheRulesAccept()
    {
        // The app's own source of randomness (Random.Shared), many times, so a wrong range shows up.
        for (var i = 0; i < 200; i++)
        {
            var draft = await StartAsync(random: null);

            Assert.Contains(draft.MaintenanceDay!.Value, Weekdays);
            Assert.Matches(@"^\d{2}:\d{2}:\d{2}$", draft.MaintenanceTime);
            var start = TimeOnly.ParseExact(draft.MaintenanceTime!, "HH:mm:ss", CultureInfo.InvariantCulture);
            Assert.Contains(start.Hour, DaytimeStartHours);
            Assert.Equal((0, 0), (start.Minute, start.Second));
            var report = CreateClusterRules.ValidateStep(WizardStep.MaintenanceWindow, draft, WizardData.Context());
            Assert.True(report.IsValid, string.Join(" | ", report.Problems));
        }
    }

    [Theory]
    // Values of .NET's seeded generator (the seeded algorithm is kept stable across .NET versions), worked out by
    // hand from its subtractive generator: the first Next(1, 6) picks the day, the second Next(8, 16) the hour.
    [InlineData(1, DayOfWeek.Tuesday, "08:00:00")]
    [InlineData(7, DayOfWeek.Tuesday, "14:00:00")]
    [InlineData(42, DayOfWeek.Thursday, "09:00:00")]
    [InlineData(2026, DayOfWeek.Monday, "10:00:00")]
    public async Task Start_SeededRandom_PicksTheExpectedSlot(int seed, DayOfWeek day, string time)
    {
        var draft = await StartAsync(new Random(seed));

        Assert.Equal(day, draft.MaintenanceDay);
        Assert.Equal(time, draft.MaintenanceTime);
    }

    [Fact]
    public async Task Start_SameSeedTwice_PicksTheSameSlot()
    {
        var first = await StartAsync(new Random(12345));
        var second = await StartAsync(new Random(12345));

        Assert.Equal((first.MaintenanceDay, first.MaintenanceTime), (second.MaintenanceDay, second.MaintenanceTime));
    }

    [Fact]
    public async Task Start_ManySeeds_EveryWeekdayAndEveryDaytimeHourOccursAndNothingElse()
    {
        var days = new HashSet<DayOfWeek>();
        var hours = new HashSet<int>();
        for (var seed = 0; seed < 500; seed++)
        {
            var draft = await StartAsync(new Random(seed));
            days.Add(draft.MaintenanceDay!.Value);
            hours.Add(TimeOnly.ParseExact(draft.MaintenanceTime!, "HH:mm:ss", CultureInfo.InvariantCulture).Hour);
        }

        Assert.Equal(Weekdays, days.Order());
        Assert.DoesNotContain(DayOfWeek.Saturday, days);
        Assert.DoesNotContain(DayOfWeek.Sunday, days);
        Assert.Equal(DaytimeStartHours, hours.Order());
    }

    [Fact]
    public async Task Start_RandomAtItsLowestAndHighest_StaysWithinMondayEightToFridayFifteen()
    {
        var earliest = await StartAsync(new EdgeRandom(0.0));
        var latest = await StartAsync(new EdgeRandom(0.999_999_999));

        Assert.Equal((DayOfWeek.Monday, "08:00:00"), (earliest.MaintenanceDay, earliest.MaintenanceTime));
        Assert.Equal((DayOfWeek.Friday, "15:00:00"), (latest.MaintenanceDay, latest.MaintenanceTime));
    }

    [Fact]
    public async Task Start_SavedDraft_KeepsItsWindowInsteadOfDrawingANewOne()
    {
        var saved = WizardData.ValidDraft();
        saved.MaintenanceDay = DayOfWeek.Sunday;
        saved.MaintenanceTime = "23:30:00";
        _drafts.Stored = saved;

        var draft = await StartAsync(new EdgeRandom(0.0));

        Assert.Equal((DayOfWeek.Sunday, "23:30:00"), (draft.MaintenanceDay, draft.MaintenanceTime));
    }

    private async Task<CreateClusterDraft> StartAsync(Random? random)
    {
        var unused = new UnusedPorts();
        var service = new CreateClusterService(
            unused,
            unused,
            unused,
            _drafts,
            unused,
            unused,
            new FakeTeams(),
            unused,
            new FixedRegions(["de-txl", "de-fra"]),
            Options.Create(new PricingOptions()),
            Options.Create(new SizingPresetOptions()),
            new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 15, 0, TimeSpan.Zero)),
            NullLogger<CreateClusterService>.Instance,
            random: random);
        var start = await service.StartAsync(_ada, TestContext.Current.CancellationToken);
        return start.Draft;
    }

    /// <summary>A generator stuck at one end of its range: every draw is <paramref name="sample"/> of the way up.</summary>
    private sealed class EdgeRandom(double sample) : Random
    {
        protected override double Sample() => sample;

        public override int Next(int minValue, int maxValue) => minValue + (int)(sample * (maxValue - minValue));

        public override int Next(int maxValue) => (int)(sample * maxValue);

        public override double NextDouble() => sample;
    }

    private sealed class FakeDrafts : IWizardDraftStore
    {
        public CreateClusterDraft? Stored { get; set; }

        public Task<CreateClusterDraft?> LoadAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(Stored?.Clone());

        public Task SaveAsync(string userId, CreateClusterDraft draft, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task DeleteAsync(string userId, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class FakeTeams : ITeamDirectory
    {
        public Task<IReadOnlyList<TeamOption>> GetTeamsAsync(PortalUser user, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TeamOption>>([WizardData.Payments]);
    }

    private sealed class FixedRegions(IReadOnlyList<string> regions) : IRegionCatalog
    {
        public IReadOnlyList<string> Regions { get; } = regions;
    }

    /// <summary>The ports opening the wizard must not touch: IONOS lists, names, secrets, payloads, requests.</summary>
    private sealed class UnusedPorts : IIonosCatalog, INetworkCatalog, IClusterNameAvailability, ISecretProtector, IClusterPayloadPreview, IClusterRequestStore
    {
        public Task<IReadOnlyList<PostgresVersionOffering>> GetVersionsAsync(string region, CancellationToken cancellationToken) => throw Unexpected();

        public Task<IReadOnlyList<BackupLocationOffering>> GetBackupLocationsAsync(string region, CancellationToken cancellationToken) => throw Unexpected();

        public Task<IReadOnlyList<DatacenterOption>> GetDatacentersAsync(string region, CancellationToken cancellationToken) => throw Unexpected();

        public Task<IReadOnlyList<LanOption>> GetPrivateLansAsync(string datacenterId, CancellationToken cancellationToken) => throw Unexpected();

        public Task<NameAvailability> CheckAsync(string region, string name, CancellationToken cancellationToken) => throw Unexpected();

        public string Protect(string plaintext) => throw Unexpected();

        public string Unprotect(string ciphertext) => throw Unexpected();

        public string RenderCreateBody(ClusterSpec spec) => throw Unexpected();

        public Task AddAsync(ClusterRequest request, PendingSecret? secret, AuditEvent audit, CancellationToken cancellationToken) => throw Unexpected();

        public Task<ClusterRequest?> GetAsync(Guid id, CancellationToken cancellationToken) => throw Unexpected();

        public Task<IReadOnlyList<ClusterRequest>> ListForTeamsAsync(IReadOnlyCollection<Guid> teamIds, int limit, CancellationToken cancellationToken) => throw Unexpected();

        private static InvalidOperationException Unexpected() => new("Opening the wizard must not call this port.");
    }
}
