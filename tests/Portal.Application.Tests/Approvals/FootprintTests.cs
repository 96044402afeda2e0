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
    public void Delete_AddsNothing()
    {
        var request = ClusterRequest.SubmitDelete(People.Payments.Id, "de-txl", People.ActorOf(People.Rita), ClusterId, People.Spec(), Now);

        Assert.Equal(QuotaUsage.Zero, RequestDecisionService.Footprint(request));
    }
}
