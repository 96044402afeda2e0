using System.Net;
using Ionos.PostgreSql.Models;
using Ionos.PostgreSql.Tests.Fakes;

namespace Ionos.PostgreSql.Tests;

public class IonosPagingTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnumerateClustersAsync_ShortPageWithNextLink_StopsAfterShortPage()
    {
        using var test = TestClients.Create(o => o.PageSize = 2);
        test.Handler
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(0, 2, 2, withNext: true)))
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(2, 2, 1, withNext: true)));
        test.Handler.Fallback = _ => throw new InvalidOperationException("paged past the short page");

        var clusters = await test.Client().EnumerateClustersAsync(cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(3, clusters.Count);
        Assert.Equal(["?offset=0&limit=2", "?offset=2&limit=2"], test.Handler.Requests.Select(r => r.Uri.Query));
    }

    [Fact]
    public async Task EnumerateClustersAsync_EmptyPage_Stops()
    {
        using var test = TestClients.Create(o => o.PageSize = 2);
        test.Handler
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(0, 2, 2, withNext: true)))
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(2, 2, 2, withNext: true)))
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(4, 2, 0, withNext: true)));
        test.Handler.Fallback = _ => throw new InvalidOperationException("paged past the empty page");

        var clusters = await test.Client().EnumerateClustersAsync(cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(4, clusters.Count);
        Assert.Equal(3, test.Handler.Requests.Count);
        Assert.Equal(4, clusters.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public async Task EnumerateClustersAsync_FullLastPageWithoutNextLink_StopsWithoutAskingForAnEmptyPage()
    {
        using var test = TestClients.Create(o => o.PageSize = 2);
        test.Handler
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(0, 2, 2, withNext: true)))
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(2, 2, 2, withNext: false)));
        test.Handler.Fallback = _ => throw new InvalidOperationException("asked past a page without a next link");

        var clusters = await test.Client().EnumerateClustersAsync(cancellationToken: Ct).ToListAsync(Ct);

        Assert.Equal(4, clusters.Count);
        Assert.Equal(2, test.Handler.Requests.Count);
    }

    [Fact]
    public async Task EnumerateClustersAsync_Default_UsesPageSize100AndKeepsFilters()
    {
        using var test = TestClients.Create();
        test.Handler.Respond(StubHttpHandler.Json(HttpStatusCode.OK, Payloads.ClusterPage(0, 100, 1, withNext: false)));

        await test.Client().EnumerateClustersAsync(new ClusterListQuery { Name = "a b", State = ClusterState.Failed }, Ct).ToListAsync(Ct);

        Assert.Equal("?offset=0&limit=100&filter.name=a%20b&filter.state=FAILED", Assert.Single(test.Handler.Requests).Uri.Query);
    }

    [Fact]
    public async Task EnumerateBackupsAsync_ServerCapsLimit_ContinuesFromItemsReceived()
    {
        using var test = TestClients.Create();
        static string Page(int offset, int count) =>
            $$"""{ "id": "l", "items": [{{string.Join(",", Enumerable.Range(offset, count).Select(i => $"{{\"id\":\"b{i}\"}}"))}}], "offset": {{offset}}, "limit": 2, "_links": {} }""";
        test.Handler
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Page(0, 2)))
            .Respond(StubHttpHandler.Json(HttpStatusCode.OK, Page(2, 1)));

        var backups = await test.Client().EnumerateBackupsAsync(new BackupListQuery { ClusterId = "c1", Limit = 1000 }, Ct).ToListAsync(Ct);

        Assert.Equal(["b0", "b1", "b2"], backups.Select(b => b.Id));
        Assert.Equal(["?offset=0&limit=1000&filter.clusterId=c1", "?offset=2&limit=1000&filter.clusterId=c1"], test.Handler.Requests.Select(r => r.Uri.Query));
    }

    [Fact]
    public async Task EnumerateAsync_EndlessFullPages_StopsAtPageCap()
    {
        var calls = 0;
        Task<ResourceList<int>> Fetch(int offset, int limit, CancellationToken ct)
        {
            calls++;
            return Task.FromResult(new ResourceList<int> { Items = Enumerable.Repeat(1, limit).ToArray(), Offset = offset, Limit = limit });
        }

        var count = 0;
        await foreach (var unused in IonosPaging.EnumerateAsync(Fetch, pageSize: 1, cancellationToken: Ct))
        {
            count++;
        }

        Assert.Equal(IonosPaging.MaxPages, calls);
        Assert.Equal(IonosPaging.MaxPages, count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task EnumerateAsync_PageSizeOutOfRange_Throws(int pageSize)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var unused in IonosPaging.EnumerateAsync<int>((_, _, _) => throw new InvalidOperationException(), pageSize, cancellationToken: Ct))
            {
            }
        });
    }
}
