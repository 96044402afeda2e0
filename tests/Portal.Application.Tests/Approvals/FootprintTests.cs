using Portal.Application.Domain.Requests;
using Portal.Application.Policies;
using Portal.Application.Requests.Approvals;

namespace Portal.Application.Tests.Approvals;

/// <summary>What a request adds to its team's quota usage, by kind.</summary>
public sealed class FootprintTests
{
    private const string ClusterId = "7d3b1e2a-0000-4000-8000-00000000c1a5";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_CountsOneClusterWithAllItsInstances()
    {
        var request = ClusterRequest.SubmitCreate(People.Payments.Id, "de-txl", People.ActorOf(People.Rita), People.Spec(instances: 2, cores: 4, ramGb: 8, storageGb: 50), Now);

        Assert.Equal(new QuotaUsage(1, 8, 16, 100), RequestDecisionService.Footprint(request));
    }

    [Fact]
    public void Update_CountsOnlyWhatTheChangeAddsToTheClusterAsItWas()
    {
        var before = People.Spec(instances: 1, cores: 2, ramGb: 4, storageGb: 20);
        var request = ClusterRequest.SubmitUpdate(
            People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, before, before with { Instances = 2, Cores = 4, StorageGb = 30 }, Now);

        Assert.Equal(new QuotaUsage(0, 6, 4, 40), RequestDecisionService.Footprint(request));
    }

    [Fact]
    public void Update_ThatShrinks_FreesQuota()
    {
        var before = People.Spec(instances: 3, cores: 4, ramGb: 8, storageGb: 20);
        var request = ClusterRequest.SubmitUpdate(
            People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, before, before with { Instances = 1 }, Now);

        Assert.Equal(new QuotaUsage(0, -8, -16, -40), RequestDecisionService.Footprint(request));
    }

    [Fact]
    public void Delete_FreesTheClusterAsItWasWhenRequested()
    {
        var request = ClusterRequest.SubmitDelete(
            People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, People.Spec(instances: 2, cores: 4, ramGb: 8, storageGb: 50), Now);

        Assert.Equal(new QuotaUsage(-1, -8, -16, -100), RequestDecisionService.Footprint(request));
    }

    [Fact]
    public void Delete_OfATeamAlreadyOverItsQuota_ShowsTheUsageAfterAndIsNotOverQuota()
    {
        // The quota was lowered below what the team runs: 3 clusters, 24 cores against a limit of 2 clusters, 16 cores.
        var request = ClusterRequest.SubmitDelete(
            People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, People.Spec(instances: 1, cores: 4, ramGb: 8, storageGb: 50), Now);

        var check = QuotaCheck.For(new QuotaUsage(3, 24, 48, 300), RequestDecisionService.Footprint(request), new QuotaLimits(2, 16, null, null));

        Assert.Equal(new QuotaUsage(2, 20, 40, 250), check.After);
        Assert.False(check.IsOverQuota);
    }

    [Fact]
    public void Update_ThatShrinksOneDimensionAndGrowsAnother_IsOverQuotaOnlyForTheGrowth()
    {
        // Over the cores limit already; the change frees cores but adds storage past its limit.
        var check = QuotaCheck.For(new QuotaUsage(1, 20, 32, 90), new QuotaUsage(0, -4, 0, 20), new QuotaLimits(null, 16, null, 100));

        Assert.Equal(["storage 110 GB of 100 GB"], check.Exceeded);
    }
}
