using Portal.Application.Audit;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Tests.Audit;

public sealed class AuditLogQueriesTests
{
    private readonly FakeReader _reader = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_SecondPage_AsksTheReaderForTheRightOffsetWithTheNormalizedFilter()
    {
        var queries = new AuditLogQueries(_reader);

        await queries.SearchAsync(new AuditFilter { Actor = "  dana ", Team = " ", Action = "request." }, pageIndex: 2, pageSize: 25, Ct);

        Assert.Equal((50, 25), (_reader.LastSkip, _reader.LastTake));
        Assert.Equal("dana", _reader.LastFilter!.Actor);
        Assert.Null(_reader.LastFilter.Team);
        Assert.Equal("request.", _reader.LastFilter.ActionPrefix);
    }

    [Fact]
    public async Task Search_PageSizeAboveTheMaximum_IsCapped()
    {
        await new AuditLogQueries(_reader).SearchAsync(AuditFilter.None, 0, 10_000, Ct);

        Assert.Equal(AuditLogQueries.MaxPageSize, _reader.LastTake);
    }

    [Fact]
    public async Task Search_PageBeyondTheOffsetCap_IsRefusedWithAHint()
    {
        var error = await Assert.ThrowsAsync<AuditQueryException>(() =>
            new AuditLogQueries(_reader).SearchAsync(AuditFilter.None, pageIndex: AuditLogQueries.MaxOffset / 50, pageSize: 50, Ct));

        Assert.Contains("Narrow the time range", error.Message, StringComparison.Ordinal);
        Assert.Null(_reader.LastFilter);
    }

    [Fact]
    public async Task Search_MoreMatchesThanTheCountCap_ReportsACappedTotal()
    {
        _reader.Count = int.MaxValue;

        var page = await new AuditLogQueries(_reader).SearchAsync(AuditFilter.None, 0, 50, Ct);

        Assert.True(page.TotalIsCapped);
        Assert.Equal(AuditLogQueries.CountCap, page.TotalCount);
    }

    [Fact]
    public async Task Search_ToNotAfterFrom_IsRefused()
    {
        var at = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

        await Assert.ThrowsAsync<AuditQueryException>(() =>
            new AuditLogQueries(_reader).SearchAsync(new AuditFilter { From = at, To = at }, 0, 50, Ct));
    }

    [Fact]
    public async Task Search_DetailsWithASecretField_AreRedactedOnTheWayOut()
    {
        _reader.Page = [AuditCsvTests.Record(details: "{\"user\":\"app\",\"password\":\"hunter2\",\"nested\":{\"apiToken\":\"abc\"},\"note\":\"(encrypted, not recorded)\"}")];

        var page = await new AuditLogQueries(_reader).SearchAsync(AuditFilter.None, 0, 50, Ct);

        var details = page.Entries.Single().Details;
        Assert.DoesNotContain("hunter2", details, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", details, StringComparison.Ordinal);
        Assert.Contains("\"user\":\"app\"", details, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_AlreadyMaskedPassword_IsLeftAsTheWriterRecordedIt()
    {
        const string details = "{\"password\":\"(encrypted, not recorded)\"}";

        Assert.Equal(details, AuditDetailsRedactor.Redact(details));
        Assert.Equal("not json", AuditDetailsRedactor.Redact("not json"));
    }

    [Fact]
    public void Filter_ActionEndingInDotOrStar_IsAPrefixOtherwiseExact()
    {
        Assert.Equal(("auth.", null), (new AuditFilter { Action = "auth.*" }.ActionPrefix, new AuditFilter { Action = "auth.*" }.ExactAction));
        Assert.Equal(("request.", null), (new AuditFilter { Action = "request." }.ActionPrefix, new AuditFilter { Action = "request." }.ExactAction));
        Assert.Equal((null, "auth.signed-in"), (new AuditFilter { Action = "auth.signed-in" }.ActionPrefix, new AuditFilter { Action = "auth.signed-in" }.ExactAction));
    }

    [Fact]
    public async Task Stream_InvalidFilter_IsRefusedBeforeAnythingIsRead()
    {
        var at = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

        Assert.Throws<AuditQueryException>(() => new AuditLogQueries(_reader).Stream(new AuditFilter { From = at, To = at.AddDays(-1) }));
        var streamed = new List<AuditRecord>();
        _reader.Page = [AuditCsvTests.Record(details: "{\"secret\":\"s\"}")];
        await foreach (var record in new AuditLogQueries(_reader).Stream(AuditFilter.None).WithCancellation(Ct))
        {
            streamed.Add(record);
        }

        Assert.Equal("{\"secret\":\"***\"}", streamed.Single().Details);
    }

    internal sealed class FakeReader : IAuditLogReader
    {
        public AuditFilter? LastFilter { get; private set; }

        public int LastSkip { get; private set; }

        public int LastTake { get; private set; }

        public int Count { get; set; }

        public IReadOnlyList<AuditRecord> Page { get; set; } = [];

        public Task<IReadOnlyList<AuditRecord>> ReadPageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
        {
            (LastFilter, LastSkip, LastTake) = (filter, skip, take);
            return Task.FromResult(Page);
        }

        public Task<int> CountAsync(AuditFilter filter, int cap, CancellationToken cancellationToken) => Task.FromResult(Math.Min(Count, cap));

        public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            LastFilter = filter;
            foreach (var record in Page)
            {
                await Task.Yield();
                yield return record;
            }
        }

        // The chain is verified against a real database (Infrastructure.Tests); queries never read it.
        public Task<IReadOnlyList<AuditEntry>> ReadChainAsync(long afterSequence, int batchSize, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<AuditEntry>>([]);

        public Task<long> CountAllAsync(CancellationToken cancellationToken) => Task.FromResult(0L);

        public Task<AuditUnsealed> CountUnsealedAsync(DateTimeOffset overdueBefore, CancellationToken cancellationToken) => Task.FromResult(new AuditUnsealed(0, 0));
    }
}
