using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Policies;
using Portal.Application.Tests.Approvals;

namespace Portal.Application.Tests.Policies;

public sealed class PolicyServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryPolicies _store = new();

    [Fact]
    public async Task SetQuota_Negative_IsRefusedPerFieldAndNothingIsStored()
    {
        var result = await Service().SetQuotaAsync(People.Adam, People.Payments.Id, new QuotaLimits(-1, 4, -8, null), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal("Max clusters cannot be negative; you entered -1. Leave it empty for no limit.", result.Report.FirstFor(PolicyService.Fields.MaxClusters));
        Assert.NotNull(result.Report.FirstFor(PolicyService.Fields.MaxTotalRamGb));
        Assert.Null(result.Report.FirstFor(PolicyService.Fields.MaxTotalCores));
        Assert.Empty(_store.Quotas);
        Assert.Empty(_store.Audit);
    }

    [Fact]
    public async Task SetQuota_Valid_IsStoredWithAnAuditEntryForTheTeam()
    {
        var result = await Service().SetQuotaAsync(People.Adam, People.Payments.Id, new QuotaLimits(3, null, 64, 1000), Ct);

        Assert.True(result.Succeeded);
        var quota = _store.Quotas[People.Payments.Id];
        Assert.Equal((3, (int?)null, 64, 1000, "Adam Admin"), (quota.MaxClusters, quota.MaxTotalCores, quota.MaxTotalRamGb, quota.MaxTotalStorageGb, quota.UpdatedByName));
        var audit = Assert.Single(_store.Audit);
        Assert.Equal((PolicyService.QuotaSetAction, People.Payments.Id, "adam"), (audit.Action, audit.TeamId, audit.Actor.Id));
    }

    [Fact]
    public async Task SetAutoApproval_Nonsense_IsRefusedWithTheRange()
    {
        var result = await Service().SetAutoApprovalAsync(People.Adam, new AutoApprovalRule(true, 0, 8, 9, -5), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal("Max cores per instance must be between 1 and 62; you entered 0.", result.Report.FirstFor(PolicyService.Fields.MaxCores));
        Assert.Equal("Max instances must be between 1 and 5; you entered 9.", result.Report.FirstFor(PolicyService.Fields.MaxInstances));
        Assert.NotNull(result.Report.FirstFor(PolicyService.Fields.MaxStorageGb));
        Assert.Null(_store.Policy);
    }

    [Fact]
    public async Task Get_DefaultsToOffAndListsEveryTeamWithUsage()
    {
        _store.Usage[People.Search.Id] = new QuotaUsage(2, 8, 32, 200);

        var view = await Service().GetAsync(People.Adam, Ct);

        Assert.NotNull(view);
        Assert.False(view.AutoApproval.Enabled);
        Assert.Equal(["payments", "search"], view.Teams.Select(t => t.Team.Slug));
        Assert.Equal(new QuotaUsage(2, 8, 32, 200), view.Teams[1].Usage);
        Assert.Null(await Service().GetAsync(People.Dana, Ct));
    }

    [Fact]
    public void QuotaCheck_AddsTheRequestAndNamesEachExceededLimit()
    {
        var check = QuotaCheck.For(new QuotaUsage(2, 8, 32, 200), QuotaUsage.OfCluster(3, 4, 16, 100), new QuotaLimits(3, 16, 64, null));

        Assert.Equal(new QuotaUsage(3, 20, 80, 500), check.After);
        Assert.Equal(["cores 20 of 16", "RAM 80 GB of 64 GB"], check.Exceeded);
        Assert.True(check.IsOverQuota);
        Assert.False(QuotaCheck.For(QuotaUsage.Zero, QuotaUsage.OfCluster(5, 62, 240, 4096), QuotaLimits.None).IsOverQuota);
    }

    private PolicyService Service() => new(_store, _store, new FakeTimeProvider(), NullLogger<PolicyService>.Instance);
}
