using System.Net;
using System.Text.Json.Nodes;
using static Ionos.Emulator.Tests.EmulatorHarness;

namespace Ionos.Emulator.Tests;

public sealed class BackupAndCatalogueTests
{
    [Fact]
    public async Task Backups_WhileProvisioning_AreEmpty()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateClusterAsync();

        var list = await emulator.GetJsonAsync($"backups?filter.clusterId={id}");

        Assert.Empty(list["items"]!.AsArray());
    }

    [Fact]
    public async Task Backups_OnceAvailable_HaveOneActiveBackup()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();

        var list = await emulator.GetJsonAsync($"backups?filter.clusterId={id}");
        var backup = list["items"]!.AsArray().Single()!.AsObject();
        var backupId = backup["id"]!.GetValue<string>();

        Assert.Equal("collection", list["type"]!.GetValue<string>());
        Assert.Equal("backup", backup["type"]!.GetValue<string>());
        Assert.Equal($"{emulator.Server.BaseAddress}backups/{backupId}", backup["href"]!.GetValue<string>());
        Assert.NotNull(backup["metadata"]);
        var properties = backup["properties"]!.AsObject();
        Assert.Equal(id, properties["clusterId"]!.GetValue<string>());
        Assert.Equal("16", properties["postgresClusterVersion"]!.GetValue<string>());
        Assert.True(properties["isActive"]!.GetValue<bool>());
        Assert.Equal("2026-03-01T12:00:10Z", properties["earliestRecoveryTargetTime"]!.GetValue<string>());
        Assert.True(properties.ContainsKey("latestRecoveryTargetTime"));
        Assert.Null(properties["latestRecoveryTargetTime"]);
        Assert.Equal("eu-central-3", properties["location"]!.GetValue<string>());
        Assert.Equal(backupId, (await emulator.GetJsonAsync($"backups/{backupId}"))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Backups_FilterClusterId_ReturnsOnlyThatCluster()
    {
        await using var emulator = await StartAsync();
        var first = await emulator.CreateAvailableClusterAsync(ClusterBody("one"));
        var second = await emulator.CreateAvailableClusterAsync(ClusterBody("two"));

        var all = await emulator.GetJsonAsync("backups");
        var filtered = await emulator.GetJsonAsync($"backups?filter.clusterId={second}");

        Assert.Equal([first, second], all["items"]!.AsArray().Select(i => i!["properties"]!["clusterId"]!.GetValue<string>()));
        Assert.Equal([second], filtered["items"]!.AsArray().Select(i => i!["properties"]!["clusterId"]!.GetValue<string>()));
        Assert.Equal($"{emulator.Server.BaseAddress}backups?filter.clusterId={second}&offset=0&limit=100", filtered["_links"]!["self"]!.GetValue<string>());
    }

    [Fact]
    public async Task Backups_FilterClusterIdNotUuid_Returns400()
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.GetAsync("backups?filter.clusterId=abc");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "filter.clusterId");
    }

    [Fact]
    public async Task Backups_Paging_LinksAreExact()
    {
        await using var emulator = await StartAsync();
        await emulator.CreateAvailableClusterAsync(ClusterBody("one"));
        await emulator.CreateAvailableClusterAsync(ClusterBody("two"));

        var page = await emulator.GetJsonAsync("backups?limit=1");

        Assert.Single(page["items"]!.AsArray());
        Assert.Equal($"{emulator.Server.BaseAddress}backups?offset=1&limit=1", page["_links"]!["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task Backups_OfDeletedCluster_RemainInactiveWithLatestTime()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        (await emulator.Client.DeleteAsync($"clusters/{id}", TestContext.Current.CancellationToken)).Dispose();
        emulator.Clock.Advance(Destroying);

        var backup = (await emulator.GetJsonAsync($"backups?filter.clusterId={id}"))["items"]!.AsArray().Single()!;

        Assert.False(backup["properties"]!["isActive"]!.GetValue<bool>());
        Assert.Equal("2026-03-01T12:00:13Z", backup["properties"]!["latestRecoveryTargetTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task Versions_List_HasSeedWithStatusAndCanUpgradeTo()
    {
        await using var emulator = await StartAsync();

        var list = await emulator.GetJsonAsync("versions");
        var items = list["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

        Assert.Equal(["13", "14", "15", "16", "17", "18"], items.Select(i => i["properties"]!["version"]!.GetValue<string>()));
        Assert.All(items, i =>
        {
            Assert.Equal("version", i["type"]!.GetValue<string>());
            Assert.True(Guid.TryParse(i["id"]!.GetValue<string>(), out _));
            Assert.Equal($"{emulator.Server.BaseAddress}versions/{i["id"]}", i["href"]!.GetValue<string>());
            Assert.IsType<JsonObject>(i["metadata"]);
            Assert.Matches("^(BETA|SUPPORTED|RECOMMENDED|DEPRECATED)$", i["properties"]!["status"]!.GetValue<string>());
        });
        Assert.Equal(["14", "15", "16", "17"], items[0]["properties"]!["canUpgradeTo"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Versions_GetById_ReturnsThatVersion()
    {
        await using var emulator = await StartAsync();
        var list = await emulator.GetJsonAsync("versions");
        var id = list["items"]![3]!["id"]!.GetValue<string>();

        var version = await emulator.GetJsonAsync($"versions/{id}");

        Assert.Equal("16", version["properties"]!["version"]!.GetValue<string>());
        Assert.Equal(["17"], version["properties"]!["canUpgradeTo"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task Versions_Ids_AreDeterministicAcrossRuns()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();

        var a = (await first.GetJsonAsync("versions"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>());
        var b = (await second.GetJsonAsync("versions"))["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>());

        Assert.Equal(a, b);
    }

    [Fact]
    public async Task BackupLocations_ListAndGet_ReturnSeed()
    {
        await using var emulator = await StartAsync();

        var list = await emulator.GetJsonAsync("backup-locations");
        var items = list["items"]!.AsArray();
        var id = items[2]!["id"]!.GetValue<string>();
        var one = await emulator.GetJsonAsync($"backup-locations/{id}");

        Assert.Equal(["de", "eu-central-2", "eu-central-3", "eu-central-4", "eu-south-2"], items.Select(i => i!["properties"]!["location"]!.GetValue<string>()));
        Assert.Equal("eu-central-3", one["properties"]!["location"]!.GetValue<string>());
        Assert.Equal("backupLocation", one["type"]!.GetValue<string>());
        Assert.Equal($"{emulator.Server.BaseAddress}backup-locations/{id}", one["href"]!.GetValue<string>());
    }
}
