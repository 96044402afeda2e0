using Ionos.Emulator;
using Ionos.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Offerings;
using Portal.Application.Requests.Create;
using Portal.Infrastructure.Ionos;
using Portal.Infrastructure.Tests.Ionos;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Requests;

/// <summary>The name check over a real database and the emulator; every test uses its own fresh names.</summary>
public abstract class ClusterNameAvailabilityTests<TFixture> : IDisposable
    where TFixture : PortalDatabaseFixture
{
    private readonly TFixture _fixture;
    private readonly EmulatorFixture _emulator;
    private readonly ServiceProvider _services;

    protected ClusterNameAvailabilityTests(TFixture fixture, EmulatorFixture emulator)
    {
        _fixture = fixture;
        _emulator = emulator;
        _services = emulator.BuildAdapters(fixture.ContextFactory());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IClusterNameAvailability Names => _services.GetRequiredService<IClusterNameAvailability>();

    [Fact]
    public async Task CheckAsync_NameUsedNowhere_IsAvailable()
    {
        Assert.Equal(NameAvailability.Available, await Names.CheckAsync("de-fra", NewName(), Ct));
    }

    [Fact]
    public async Task CheckAsync_OpenRequestInTheRegionWithThatNameInOtherCase_IsTakenAndSaysTheRequestState()
    {
        var name = NewName();
        await SaveRequestAsync("de-fra", name, null);

        var result = await Names.CheckAsync("de-fra", name.ToUpperInvariant(), Ct);

        Assert.False(result.IsAvailable);
        Assert.Contains("pending approval", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_OpenRequestApprovedAndRunning_IsTakenAndSaysSo()
    {
        var name = NewName();
        await SaveRequestAsync("de-fra", name, r => r.Approve(TestData.Bob, null, TestData.LocalNow));

        var result = await Names.CheckAsync("de-fra", name, Ct);

        Assert.False(result.IsAvailable);
        Assert.Contains("approved", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_RequestInAnotherRegionOrFinal_DoesNotTakeTheName()
    {
        var name = NewName();
        await SaveRequestAsync("de-txl", name, null);
        await SaveRequestAsync("de-fra", name, r => r.Reject(TestData.Bob, "not needed", TestData.LocalNow));

        Assert.True((await Names.CheckAsync("de-fra", name, Ct)).IsAvailable);
    }

    [Fact]
    public async Task CheckAsync_KnownClusterInTheRegion_IsTaken()
    {
        var name = NewName();
        await SaveSnapshotAsync("de-fra", name, vanished: false);

        var result = await Names.CheckAsync("de-fra", name, Ct);

        Assert.False(result.IsAvailable);
        Assert.Contains($"'{name}' exists in de-fra", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_KnownClusterThatVanished_DoesNotTakeTheName()
    {
        var name = NewName();
        await SaveSnapshotAsync("de-fra", name, vanished: true);

        Assert.True((await Names.CheckAsync("de-fra", name, Ct)).IsAvailable);
    }

    [Fact]
    public async Task CheckAsync_ClusterListedByIonos_IsTakenButASubstringOfItsNameIsNot()
    {
        var name = NewName() + "-main";
        var client = _services.GetRequiredService<IIonosPostgresClientFactory>().GetClient("de-fra");
        await client.CreateClusterAsync(ClusterPayloadMapper.ToCreateRequest(TestData.Spec(name), "S3cure-Passw0rd!"), Ct);

        var exact = await Names.CheckAsync("de-fra", name.ToUpperInvariant(), Ct);
        var substring = await Names.CheckAsync("de-fra", name[..^"-main".Length], Ct);
        var otherRegion = await Names.CheckAsync("de-txl", name, Ct);

        Assert.False(exact.IsAvailable);
        Assert.Contains("IONOS", exact.Reason, StringComparison.Ordinal);
        Assert.True(substring.IsAvailable);
        Assert.True(otherRegion.IsAvailable);
    }

    [Fact]
    public async Task CheckAsync_IonosAnswers503_ThrowsIonosUnavailable()
    {
        var fault = _emulator.Server.Faults.Add(new FaultRule { Method = "GET", Path = "/clusters", Region = "de-fra", Status = 503 });
        try
        {
            var error = await Assert.ThrowsAsync<IonosUnavailableException>(() => Names.CheckAsync("de-fra", NewName(), Ct));

            Assert.Contains("503", error.Reason, StringComparison.Ordinal);
        }
        finally
        {
            _emulator.Server.Faults.Remove(fault.Id);
        }
    }

    public void Dispose()
    {
        _services.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string NewName() => $"pg-{Guid.NewGuid():N}"[..15];

    private async Task SaveRequestAsync(string region, string name, Action<ClusterRequest>? then)
    {
        var team = TestData.Team();
        var request = ClusterRequest.SubmitCreate(team.Id, region, TestData.Alice, TestData.Spec(name), TestData.LocalNow);
        then?.Invoke(request);
        await using var context = _fixture.CreateContext();
        context.AddRange(team, request);
        await context.SaveChangesAsync(Ct);
    }

    private async Task SaveSnapshotAsync(string region, string name, bool vanished)
    {
        var (snapshot, _) = ClusterSnapshot.FirstSeen(region, Guid.NewGuid().ToString(), TestData.Observed(name), null, TestData.LocalNow);
        if (vanished)
        {
            snapshot.MarkVanished(TestData.LocalNow.AddHours(1));
        }

        await using var context = _fixture.CreateContext();
        context.Add(snapshot);
        await context.SaveChangesAsync(Ct);
    }
}

public sealed class SqliteClusterNameAvailabilityTests(SqliteDatabaseFixture fixture, EmulatorFixture emulator)
    : ClusterNameAvailabilityTests<SqliteDatabaseFixture>(fixture, emulator), IClassFixture<SqliteDatabaseFixture>, IClassFixture<EmulatorFixture>;

public sealed class PostgreSqlClusterNameAvailabilityTests(PostgreSqlDatabaseFixture fixture, EmulatorFixture emulator)
    : ClusterNameAvailabilityTests<PostgreSqlDatabaseFixture>(fixture, emulator), IClassFixture<PostgreSqlDatabaseFixture>, IClassFixture<EmulatorFixture>;
