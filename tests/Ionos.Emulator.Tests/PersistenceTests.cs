using System.Net;
using static Ionos.Emulator.Tests.EmulatorHarness;

namespace Ionos.Emulator.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ionos-emulator-tests", Guid.NewGuid().ToString("N"));

    private string StateFile => Path.Combine(_directory, "state.json");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task StateFile_ClustersAndBackupsOfAllRegions_SurviveRestart()
    {
        string txl, fra;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        await using (var first = await StartAsync(o => o.StateFile = StateFile, clock))
        {
            txl = await first.CreateAvailableClusterAsync(ClusterBody("in-txl"));
            fra = await first.CreateClusterAsync(ClusterBody("in-fra"), "de-fra/");
        }

        await using var second = await StartAsync(o => o.StateFile = StateFile, clock);
        var txlCluster = await second.GetJsonAsync($"clusters/{txl}");
        var fraCluster = await second.GetJsonAsync($"de-fra/clusters/{fra}");
        var backups = await second.GetJsonAsync($"backups?filter.clusterId={txl}");

        Assert.Equal("in-txl", txlCluster["properties"]!["name"]!.GetValue<string>());
        Assert.Equal("AVAILABLE", txlCluster["metadata"]!["state"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:00:00Z", txlCluster["metadata"]!["createdDate"]!.GetValue<string>());
        Assert.Equal("PROVISIONING", fraCluster["metadata"]!["state"]!.GetValue<string>());
        Assert.Single(backups["items"]!.AsArray());
    }

    [Fact]
    public async Task StateFile_TransitionDuringDowntime_IsAppliedAfterRestart()
    {
        string provisioning, destroying;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        await using (var first = await StartAsync(o => o.StateFile = StateFile, clock))
        {
            destroying = await first.CreateAvailableClusterAsync(ClusterBody("doomed"));
            provisioning = await first.CreateClusterAsync(ClusterBody("young"));
            (await first.Client.DeleteAsync($"clusters/{destroying}", TestContext.Current.CancellationToken)).Dispose();
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await using var second = await StartAsync(o => o.StateFile = StateFile, clock);
        var young = await second.GetJsonAsync($"clusters/{provisioning}");
        using var doomed = await second.GetAsync($"clusters/{destroying}");

        Assert.Equal("AVAILABLE", young["metadata"]!["state"]!.GetValue<string>());
        await AssertErrorAsync(doomed, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StateFile_NeverContainsThePassword()
    {
        await using var emulator = await StartAsync(o => o.StateFile = StateFile);
        var id = await emulator.CreateAvailableClusterAsync();
        (await emulator.PutClusterAsync(id, EnsureBody(id))).Dispose();

        var text = await File.ReadAllTextAsync(StateFile, TestContext.Current.CancellationToken);

        Assert.Contains(id, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task StateFile_IsReplacedAtomicallyWithoutLeftovers()
    {
        await using var emulator = await StartAsync(o => o.StateFile = StateFile);
        await emulator.CreateClusterAsync();
        await emulator.CreateClusterAsync();

        Assert.Equal([StateFile], Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task StateFile_Unset_KeepsNothingBetweenRuns()
    {
        await using (var first = await StartAsync())
        {
            await first.CreateClusterAsync();
        }

        await using var second = await StartAsync();
        var list = await second.GetJsonAsync("clusters");

        Assert.Empty(list["items"]!.AsArray());
    }
}
