using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;
using Portal.Application.Audit;
using Portal.Application.Domain;
using Portal.Application.Domain.Audit;
using AuditPage = Portal.Web.Components.Pages.Audit;

namespace Portal.Web.Tests.Components.Audit;

public sealed class AuditPageTests : BunitContext
{
    private readonly FakeAuditReader _reader = new();

    public AuditPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<IAuditLogReader>(_reader);
        Services.AddPortalAuditLog();
    }

    [Fact]
    public void Audit_Opened_ShowsTheNewestPageUnfiltered()
    {
        _reader.Page = [Record(2, "request.approved"), Record(1, "request.submitted")];

        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='audit-row']").Count));
        Assert.Equal(["request.approved", "request.submitted"], page.FindAll("[data-testid='audit-action']").Select(c => c.TextContent.Trim()));
        Assert.Equal(AuditFilter.None, _reader.LastFilter);
        Assert.Equal(0, _reader.LastSkip);
    }

    [Fact]
    public void Audit_FiltersEnteredAndSearch_CallsTheServiceWithThatFilterAndUpdatesTheExportLink()
    {
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.NotNull(_reader.LastFilter));

        page.Find("input[data-testid='filter-actor']").Change("dana");
        page.Find("input[data-testid='filter-action']").Change("request.");
        page.Find("input[data-testid='filter-team']").Change("payments");
        page.Find("input[data-testid='filter-cluster']").Change("pg-orders");
        page.Find("[data-testid='filter-apply']").Click();

        page.WaitForAssertion(() => Assert.Equal(
            new AuditFilter { Actor = "dana", Action = "request.", Team = "payments", Cluster = "pg-orders" }, _reader.LastFilter));
        var href = page.Find("[data-testid='export-csv']").GetAttribute("href");
        Assert.Equal("/audit/export.csv?actor=dana&action=request.&team=payments&cluster=pg-orders", href);

        page.Find("[data-testid='filter-clear']").Click();
        page.WaitForAssertion(() => Assert.Equal(AuditFilter.None, _reader.LastFilter));
        Assert.Equal("/audit/export.csv", page.Find("[data-testid='export-csv']").GetAttribute("href"));
    }

    [Fact]
    public void Audit_OpenedWithTimesInTheAddress_AppliesThemAndSearchKeepsThemToTheMinute()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/audit?actor=dana&from=2026-03-02T14:30:00Z&to=2026-03-02T14:46:00Z");

        var page = Render<AuditPage>();

        var expected = new AuditFilter
        {
            Actor = "dana",
            From = new DateTimeOffset(2026, 3, 2, 14, 30, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 3, 2, 14, 46, 0, TimeSpan.Zero),
        };
        page.WaitForAssertion(() => Assert.Equal(expected, _reader.LastFilter));
        Assert.Equal("14:30", page.Find("input[data-testid='filter-from-time']").GetAttribute("value"));
        Assert.Equal("14:45", page.Find("input[data-testid='filter-to-time']").GetAttribute("value"));

        // Through the pickers and back: the same range, and the address says so.
        _reader.LastFilter = null;
        page.Find("[data-testid='filter-apply']").Click();
        page.WaitForAssertion(() => Assert.Equal(expected, _reader.LastFilter));
        Assert.EndsWith("/audit?actor=dana&from=2026-03-02T14%3A30%3A00Z&to=2026-03-02T14%3A46%3A00Z", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal("/audit/export.csv?actor=dana&from=2026-03-02T14%3A30%3A00Z&to=2026-03-02T14%3A46%3A00Z", page.Find("[data-testid='export-csv']").GetAttribute("href"));
    }

    [Fact]
    public void Audit_OpenedWithAWholeDayRangeAsOldLinksHaveIt_ShowsTheDaysWithoutTimes()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/audit?from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z");

        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(new DateTimeOffset(2026, 3, 4, 0, 0, 0, TimeSpan.Zero), _reader.LastFilter?.To));
        Assert.Equal("2026-03-03", page.Find("input[data-testid='filter-to']").GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(page.Find("input[data-testid='filter-to-time']").GetAttribute("value")));
    }

    [Fact]
    public void Audit_OpenedWithATimeThatIsNotOne_SaysHowToWriteItAndShowsTheRest()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/audit?team=payments&from=yesterday");

        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(new AuditFilter { Team = "payments" }, _reader.LastFilter));
        Assert.Contains("use ISO 8601 in UTC", page.Find("[data-testid='audit-error']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_DetailsToggled_ShowsThePrettyJson()
    {
        _reader.Page = [Record(1, "request.submitted", "{\"cores\":4,\"name\":\"pg-orders\"}")];
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='audit-row']")));
        Assert.Empty(page.FindAll("[data-testid='audit-details']"));

        page.Find("[data-testid='toggle-details']").Click();

        var details = page.Find("[data-testid='audit-details']").TextContent;
        Assert.Contains("\"cores\": 4,\n  \"name\": \"pg-orders\"", details.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_MoreThanTheCap_SaysToNarrowTheFilters()
    {
        _reader.Count = int.MaxValue;

        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Contains("Narrow the filters", page.Find("[data-testid='audit-capped']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void VerifyChain_IntactChain_ShowsOkWithTheCount()
    {
        _reader.Chain = Chain(3);
        var page = Render<AuditPage>();

        page.Find("[data-testid='verify-chain']").Click();

        page.WaitForAssertion(() => Assert.Contains("intact: 3 entries checked", page.Find("[data-testid='chain-result']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void VerifyChain_BrokenLink_ShowsTheFirstBrokenEntry()
    {
        var chain = Chain(2);
        var stray = new AuditEntry(DateTimeOffset.UnixEpoch, Actor.System, "request.approved", "ClusterRequest", "r", null, null, "c", "{}");
        stray.Seal(3, AuditEntry.GenesisHash);
        chain.Add(stray);
        _reader.Chain = chain;
        var page = Render<AuditPage>();

        page.Find("[data-testid='verify-chain']").Click();

        page.WaitForAssertion(() =>
        {
            var result = page.Find("[data-testid='chain-result']").TextContent;
            Assert.Contains("broken at entry", result, StringComparison.Ordinal);
            Assert.Contains("link broken", result, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void VerifyChain_EntriesStillUnsealed_SaysHowManyAndWarnsWhenSomeAreOverdue()
    {
        _reader.Chain = Chain(3);
        _reader.Unsealed = new AuditUnsealed(5, 2);
        var page = Render<AuditPage>();

        page.Find("[data-testid='verify-chain']").Click();

        page.WaitForAssertion(() =>
        {
            Assert.Contains("intact: 3 entries checked", page.Find("[data-testid='chain-result']").TextContent, StringComparison.Ordinal);
            var unsealed = page.Find("[data-testid='chain-unsealed']").TextContent;
            Assert.Contains("5 entries are not sealed", unsealed, StringComparison.Ordinal);
            Assert.Contains("2 of them for more than a minute", unsealed, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void VerifyChain_Running_ShowsProgressAndDisablesTheButton()
    {
        _reader.ChainGate = new TaskCompletionSource();
        _reader.Chain = Chain(1);
        var page = Render<AuditPage>();

        page.Find("[data-testid='verify-chain']").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='chain-progress']")));
        Assert.True(page.Find("[data-testid='verify-chain']").HasAttribute("disabled"));
        _reader.ChainGate.SetResult();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='chain-result']")));
    }

    private static AuditRecord Record(long id, string action, string details = "{}") => new(
        id, new DateTimeOffset(2026, 3, 2, 8, 0, (int)id, TimeSpan.Zero), "demo-dana", "Dana DBA", action, "ClusterRequest", $"r-{id}",
        null, null, "de-fra", $"corr-{id}", details);

    private static List<AuditEntry> Chain(int count)
    {
        var chain = new List<AuditEntry>();
        var previous = AuditEntry.GenesisHash;
        for (var i = 0; i < count; i++)
        {
            var entry = new AuditEntry(DateTimeOffset.UnixEpoch.AddSeconds(i), Actor.System, "request.submitted", "ClusterRequest", $"r-{i}", null, null, "c", "{}");
            entry.Seal(i + 1, previous);
            chain.Add(entry);
            previous = entry.Hash!;
        }

        return chain;
    }

    private sealed class FakeAuditReader : IAuditLogReader
    {
        private bool _chainRead;

        public AuditFilter? LastFilter { get; set; }

        public int LastSkip { get; private set; }

        public IReadOnlyList<AuditRecord> Page { get; set; } = [];

        public int Count { get; set; }

        public List<AuditEntry> Chain { get; set; } = [];

        public TaskCompletionSource? ChainGate { get; set; }

        public Task<IReadOnlyList<AuditRecord>> ReadPageAsync(AuditFilter filter, int skip, int take, CancellationToken cancellationToken)
        {
            (LastFilter, LastSkip) = (filter, skip);
            return Task.FromResult(Page);
        }

        public Task<int> CountAsync(AuditFilter filter, int cap, CancellationToken cancellationToken) => Task.FromResult(Math.Min(Math.Max(Count, Page.Count), cap));

        public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken) => throw new NotSupportedException();

        public AuditUnsealed Unsealed { get; set; } = new(0, 0);

        // The whole chain is one batch.
        public async Task<IReadOnlyList<AuditEntry>> ReadChainAsync(long afterSequence, int batchSize, CancellationToken cancellationToken)
        {
            if (ChainGate is not null)
            {
                await ChainGate.Task;
            }

            var batch = _chainRead ? [] : Chain;
            _chainRead = true;
            return batch;
        }

        public Task<long> CountAllAsync(CancellationToken cancellationToken) => Task.FromResult((long)Chain.Count);

        public Task<AuditUnsealed> CountUnsealedAsync(DateTimeOffset overdueBefore, CancellationToken cancellationToken) => Task.FromResult(Unsealed);
    }
}
