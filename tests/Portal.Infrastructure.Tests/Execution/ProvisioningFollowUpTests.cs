using Ionos.PostgreSql.Models;
using Portal.Application.Domain.Requests;
using Portal.Infrastructure.Execution;
using Portal.Infrastructure.Tests.Persistence;

namespace Portal.Infrastructure.Tests.Execution;

/// <summary>The follow-up rules on their own: FAILED is final only when it persists, anything in between resets it, and time runs out.</summary>
public sealed class ProvisioningFollowUpTests
{
    private static readonly DateTimeOffset Start = ExecutionHarness.Start;

    private static readonly RequestExecutionOptions Options = ExecutionHarness.DefaultOptions();

    [Fact]
    public void Decide_Available_Completes()
    {
        var request = Provisioning();

        Assert.Equal(FollowUpAction.Complete, Observe(request, ClusterState.Available, Start.AddMinutes(1)));
    }

    [Fact]
    public void Decide_FailedShorterThanTheWindow_ChecksAgain()
    {
        var request = Provisioning();
        Observe(request, ClusterState.Failed, Start.AddMinutes(1));

        Assert.Equal(FollowUpAction.CheckAgain, Observe(request, ClusterState.Failed, Start.AddMinutes(10).AddSeconds(59)));
    }

    [Fact]
    public void Decide_FailedForTheWholeWindow_Fails()
    {
        var request = Provisioning();
        Observe(request, ClusterState.Failed, Start.AddMinutes(1));

        Assert.Equal(FollowUpAction.Fail, Observe(request, ClusterState.Failed, Start.AddMinutes(11)));
    }

    [Fact]
    public void Decide_FailedThenAvailable_Completes()
    {
        var request = Provisioning();
        Observe(request, ClusterState.Failed, Start.AddMinutes(1));

        Assert.Equal(FollowUpAction.Complete, Observe(request, ClusterState.Available, Start.AddMinutes(5)));
        Assert.Null(request.FailedObservedSince);
    }

    [Fact]
    public void Decide_FailedThenProvisioningThenFailed_StartsTheWindowAgain()
    {
        var request = Provisioning();
        Observe(request, ClusterState.Failed, Start.AddMinutes(1));
        Observe(request, ClusterState.Provisioning, Start.AddMinutes(8));

        Assert.Equal(FollowUpAction.CheckAgain, Observe(request, ClusterState.Failed, Start.AddMinutes(12)));
        Assert.Equal(Start.AddMinutes(12), request.FailedObservedSince);
        Assert.Equal(FollowUpAction.Fail, Observe(request, ClusterState.Failed, Start.AddMinutes(22)));
    }

    [Fact]
    public void Decide_NoFinalStateBeforeTheTimeout_ChecksAgainThenNeedsAttention()
    {
        var request = Provisioning();

        Assert.Equal(FollowUpAction.CheckAgain, Observe(request, ClusterState.Updating, Start.AddMinutes(59)));
        Assert.Equal(FollowUpAction.NeedsAttention, Observe(request, ClusterState.Provisioning, Start.AddMinutes(60)));
    }

    [Fact]
    public void Decide_NoAnswerPastTheTimeout_NeedsAttention()
    {
        var request = Provisioning();

        Assert.Equal(FollowUpAction.CheckAgain, ProvisioningFollowUp.Decide(request, null, Start.AddMinutes(30), Options));
        Assert.Equal(FollowUpAction.NeedsAttention, ProvisioningFollowUp.Decide(request, null, Start.AddMinutes(61), Options));
    }

    private static FollowUpAction Observe(ClusterRequest request, ClusterState state, DateTimeOffset now)
    {
        request.ObserveCluster(state == ClusterState.Failed, state == ClusterState.Failed ? "disk failure" : null, null, now);
        return ProvisioningFollowUp.Decide(request, state, now, Options);
    }

    private static ClusterRequest Provisioning()
    {
        var request = ClusterRequest.SubmitCreate(Guid.NewGuid(), "de-txl", TestData.Alice, TestData.Spec(), Start);
        request.Approve(TestData.Bob, null, Start);
        request.BeginSubmitting(request.Spec.Name, Start);
        request.MarkProvisioning(Guid.NewGuid().ToString(), Start);
        return request;
    }
}
