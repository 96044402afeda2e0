using System.Net;
using System.Text.Json.Nodes;
using static Ionos.Emulator.Tests.EmulatorHarness;

namespace Ionos.Emulator.Tests;

public sealed class PagingTests
{
    private static async Task<(EmulatorHarness Emulator, List<string> Ids)> WithClustersAsync(int count)
    {
        var emulator = await StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await emulator.CreateClusterAsync(ClusterBody($"cluster-{i}")));
        }

        return (emulator, ids);
    }

    private static List<string> Ids(JsonObject list) => [.. list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>())];

    [Fact]
    public async Task ListClusters_FirstPage_HasSelfAndNextButNoPrev()
    {
        var (emulator, ids) = await WithClustersAsync(5);
        await using var _ = emulator;
        var root = emulator.Server.BaseAddress;

        var page = await emulator.GetJsonAsync("clusters?offset=0&limit=2");

        Assert.Equal(ids[..2], Ids(page));
        Assert.Equal(0, page["offset"]!.GetValue<int>());
        Assert.Equal(2, page["limit"]!.GetValue<int>());
        var links = page["_links"]!.AsObject();
        Assert.Equal(["self", "next"], links.Select(l => l.Key));
        Assert.Equal($"{root}clusters?offset=0&limit=2", links["self"]!.GetValue<string>());
        Assert.Equal($"{root}clusters?offset=2&limit=2", links["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListClusters_MiddlePage_HasPrevSelfNext()
    {
        var (emulator, ids) = await WithClustersAsync(5);
        await using var _ = emulator;
        var root = emulator.Server.BaseAddress;

        var page = await emulator.GetJsonAsync("clusters?offset=2&limit=2");

        Assert.Equal(ids[2..4], Ids(page));
        var links = page["_links"]!.AsObject();
        Assert.Equal(["prev", "self", "next"], links.Select(l => l.Key));
        Assert.Equal($"{root}clusters?offset=0&limit=2", links["prev"]!.GetValue<string>());
        Assert.Equal($"{root}clusters?offset=2&limit=2", links["self"]!.GetValue<string>());
        Assert.Equal($"{root}clusters?offset=4&limit=2", links["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListClusters_LastShortPage_HasNoNext()
    {
        var (emulator, ids) = await WithClustersAsync(5);
        await using var _ = emulator;

        var page = await emulator.GetJsonAsync("clusters?offset=4&limit=2");

        Assert.Equal(ids[4..], Ids(page));
        Assert.Equal(["prev", "self"], page["_links"]!.AsObject().Select(l => l.Key));
        Assert.Equal($"{emulator.Server.BaseAddress}clusters?offset=2&limit=2", page["_links"]!["prev"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListClusters_ExactlyFullLastPage_HasNoNext()
    {
        var (emulator, _) = await WithClustersAsync(4);
        await using var __ = emulator;

        var page = await emulator.GetJsonAsync("clusters?offset=2&limit=2");

        Assert.Equal(2, page["items"]!.AsArray().Count);
        Assert.False(page["_links"]!.AsObject().ContainsKey("next"));
    }

    [Fact]
    public async Task ListClusters_OffsetPastEnd_ReturnsEmptyItems()
    {
        var (emulator, _) = await WithClustersAsync(2);
        await using var __ = emulator;

        var page = await emulator.GetJsonAsync("clusters?offset=10&limit=5");

        Assert.Empty(page["items"]!.AsArray());
        Assert.Equal(["prev", "self"], page["_links"]!.AsObject().Select(l => l.Key));
        Assert.Equal($"{emulator.Server.BaseAddress}clusters?offset=5&limit=5", page["_links"]!["prev"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListClusters_Following_NextLinks_VisitsEveryClusterOnce()
    {
        var (emulator, ids) = await WithClustersAsync(7);
        await using var _ = emulator;
        var seen = new List<string>();
        string? next = $"{emulator.Server.BaseAddress}clusters?limit=3";

        while (next is not null)
        {
            var page = await emulator.GetJsonAsync(next);
            seen.AddRange(Ids(page));
            next = page["_links"]!["next"]?.GetValue<string>();
        }

        Assert.Equal(ids, seen);
    }

    [Theory]
    [InlineData("limit=1", 1)]
    [InlineData("limit=1000", 1000)]
    [InlineData("", 100)]
    public async Task ListVersions_LimitWithinRange_IsEchoed(string query, int expected)
    {
        await using var emulator = await StartAsync();

        var page = await emulator.GetJsonAsync($"versions?{query}");

        Assert.Equal(expected, page["limit"]!.GetValue<int>());
        Assert.Equal(Math.Min(expected, 6), page["items"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("clusters?limit=0")]
    [InlineData("clusters?limit=1001")]
    [InlineData("clusters?limit=-1")]
    [InlineData("clusters?limit=abc")]
    [InlineData("clusters?limit=1.5")]
    [InlineData("clusters?offset=-1")]
    [InlineData("clusters?offset=abc")]
    [InlineData("backups?limit=0")]
    [InlineData("backups?offset=-1")]
    [InlineData("versions?limit=1001")]
    [InlineData("backup-locations?offset=x")]
    public async Task List_BadPaging_Returns400(string path)
    {
        await using var emulator = await StartAsync();

        using var response = await emulator.GetAsync(path);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListVersions_Paged_LinksCoverAllSix()
    {
        await using var emulator = await StartAsync();
        var root = emulator.Server.BaseAddress;

        var page = await emulator.GetJsonAsync("versions?offset=3&limit=3");

        Assert.Equal(["16", "17", "18"], page["items"]!.AsArray().Select(i => i!["properties"]!["version"]!.GetValue<string>()));
        Assert.Equal($"{root}versions?offset=0&limit=3", page["_links"]!["prev"]!.GetValue<string>());
        Assert.False(page["_links"]!.AsObject().ContainsKey("next"));
    }
}
