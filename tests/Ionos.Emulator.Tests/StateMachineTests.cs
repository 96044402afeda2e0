using System.Net;
using static Ionos.Emulator.Tests.EmulatorHarness;

namespace Ionos.Emulator.Tests;

public sealed class StateMachineTests
{
    private static async Task<string> StateAsync(EmulatorHarness emulator, string id) =>
        (await emulator.GetJsonAsync($"clusters/{id}"))["metadata"]!["state"]!.GetValue<string>();

    [Fact]
    public async Task Cluster_Provisioning_BecomesAvailableAfterDelay()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateClusterAsync();

        emulator.Clock.Advance(Provisioning - TimeSpan.FromSeconds(1));
        var before = await StateAsync(emulator, id);
        emulator.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await StateAsync(emulator, id);

        Assert.Equal("PROVISIONING", before);
        Assert.Equal("AVAILABLE", after);
    }

    [Fact]
    public async Task Cluster_Updating_BecomesAvailableAfterDelay()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        using var put = await emulator.PutClusterAsync(id, EnsureBody(id));

        var during = await StateAsync(emulator, id);
        emulator.Clock.Advance(Updating);
        var after = await StateAsync(emulator, id);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("UPDATING", during);
        Assert.Equal("AVAILABLE", after);
    }

    [Fact]
    public async Task Cluster_Destroying_IsGoneAfterDelay()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        using var delete = await emulator.Client.DeleteAsync($"clusters/{id}", TestContext.Current.CancellationToken);

        var during = await StateAsync(emulator, id);
        emulator.Clock.Advance(Destroying);
        using var after = await emulator.GetAsync($"clusters/{id}");
        var list = await emulator.GetJsonAsync("clusters");

        Assert.Equal("DESTROYING", during);
        await AssertErrorAsync(after, HttpStatusCode.NotFound);
        Assert.Empty(list["items"]!.AsArray());
    }

    [Theory]
    [InlineData("PROVISIONING")]
    [InlineData("UPDATING")]
    [InlineData("DESTROYING")]
    [InlineData("FAILED")]
    public async Task PutCluster_NotAvailable_Returns409(string state)
    {
        await using var emulator = await StartAsync();
        var id = state == "PROVISIONING" ? await emulator.CreateClusterAsync() : await emulator.CreateAvailableClusterAsync();
        switch (state)
        {
            case "UPDATING":
                (await emulator.PutClusterAsync(id, EnsureBody(id))).Dispose();
                break;
            case "DESTROYING":
                (await emulator.Client.DeleteAsync($"clusters/{id}", TestContext.Current.CancellationToken)).Dispose();
                break;
            case "FAILED":
                Assert.True(emulator.Server.Store.FailCluster("de-txl", Guid.Parse(id), "disk full"));
                break;
        }

        Assert.Equal(state, await StateAsync(emulator, id));

        using var response = await emulator.PutClusterAsync(id, EnsureBody(id));

        await AssertErrorAsync(response, HttpStatusCode.Conflict, state);
    }

    [Fact]
    public async Task FailedCluster_ShowsStatusMessage()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();
        emulator.Server.Store.FailCluster("de-txl", Guid.Parse(id), "disk full");

        var json = await emulator.GetJsonAsync($"clusters/{id}");

        Assert.Equal("FAILED", json["metadata"]!["state"]!.GetValue<string>());
        Assert.Equal("disk full", json["metadata"]!["statusMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task AvailableCluster_HasNoStatusMessage()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateAvailableClusterAsync();

        var json = await emulator.GetJsonAsync($"clusters/{id}");

        Assert.False(json["metadata"]!.AsObject().ContainsKey("statusMessage"));
    }

    [Fact]
    public async Task DeleteCluster_WhileProvisioning_IsAccepted()
    {
        await using var emulator = await StartAsync();
        var id = await emulator.CreateClusterAsync();

        using var response = await emulator.Client.DeleteAsync($"clusters/{id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("DESTROYING", await StateAsync(emulator, id));
    }
}
