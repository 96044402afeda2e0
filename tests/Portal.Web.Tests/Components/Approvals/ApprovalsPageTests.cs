using System.Globalization;
using Bunit;
using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Approvals;
using Portal.Application.Requests.Create;
using ApprovalsPage = Portal.Web.Components.Pages.Approvals;

namespace Portal.Web.Tests.Components.Approvals;

public sealed class ApprovalsPageTests : ApprovalPageContext
{
    private static readonly Actor Rita = new("rita", "Rita Requester");
    private static readonly Actor Ravi = new("ravi", "Ravi Requester");

    [Fact]
    public void Approvals_Opened_ShowsPendingRequestsOldestFirstWithAgeCostAndQuota()
    {
        Submit("search-db", Ravi, Search, TimeSpan.FromHours(3));
        Submit("orders-db", Rita, Payments, TimeSpan.FromDays(2) + TimeSpan.FromHours(5));

        var page = Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='pending-request']").Count));
        var cards = page.FindAll("[data-testid='pending-request']");
        Assert.Contains("orders-db", cards[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("search-db", cards[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(["2 d 5 h", "3 h 0 min"], page.FindAll("[data-testid='pending-age']").Select(a => a.TextContent.Trim()));
        Assert.Contains("per month", cards[0].QuerySelector("[data-testid='pending-cost']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("No quota set", cards[0].QuerySelector("[data-testid='pending-quota']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Team Payments", cards[0].QuerySelector("[data-testid='pending-meta']")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void DeleteRequest_CardSaysWhatIsDeletedAndTheCostItFrees()
    {
        var spec = SpecOf("orders-db", instances: 2, cores: 4);
        var request = ClusterRequest.SubmitDelete(Payments.Id, "de-fra", Rita, "c-4711", spec, Clock.GetUtcNow().AddHours(-1));
        Requests.Add(request);
        var freed = CostEstimate.For(2, 4, 4, 20, new PricingOptions()).Monthly.ToString("N2", CultureInfo.InvariantCulture);

        var page = Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='pending-request']")));
        Assert.Equal("orders-db", page.Find("[data-testid='pending-delete-name']").TextContent.Trim());
        Assert.Equal("c-4711", page.Find("[data-testid='pending-delete-id']").TextContent.Trim());
        Assert.Equal("de-fra", page.Find("[data-testid='pending-delete-region']").TextContent.Trim());
        Assert.Equal("2 × (4 cores, 4 GB RAM, 20 GB storage)", page.Find("[data-testid='pending-delete-size']").TextContent.Trim());
        Assert.Contains("deletes the cluster", page.Find("[data-testid='pending-diff']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("new cluster", page.Markup, StringComparison.Ordinal);
        Assert.Equal($"frees {freed} EUR per month", page.Find("[data-testid='pending-cost']").TextContent.Trim());
    }

    [Fact]
    public void RestoreRequest_CardSaysWhichBackupAndPointInTimeItRestoresFrom()
    {
        var spec = SpecOf("orders-restored") with { RestoreSourceBackupId = "b-0815", RecoveryTargetTime = new DateTimeOffset(2026, 11, 24, 6, 30, 0, TimeSpan.Zero) };
        Requests.Add(ClusterRequest.SubmitRestore(Payments.Id, "de-txl", Rita, spec, Clock.GetUtcNow().AddHours(-1)));

        var page = Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='pending-request']")));
        Assert.Equal("new cluster, restored from backup b-0815 as of 2026-11-24 06:30:00 UTC", page.Find("[data-testid='pending-diff']").TextContent.Trim());
        Assert.Contains("per month", page.Find("[data-testid='pending-cost']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Approvals_NothingPending_SaysSo()
    {
        var page = Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='approvals-empty']")));
    }

    [Fact]
    public void Approve_WithoutComment_ApprovesSaysSoAndTheQueueEmpties()
    {
        var request = Submit("orders-db", Rita);
        var page = Render<ApprovalsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='pending-request']")));

        page.Find("[data-testid='approve']").Click();

        page.WaitForAssertion(() => Assert.Equal("Request for orders-db approved.", page.Find("[data-testid='decision-done']").TextContent.Trim()));
        Assert.NotNull(page.Find("[data-testid='approvals-empty']"));
        var stored = Requests.Stored(request.Id);
        Assert.Equal(ClusterRequestStatus.Approved, stored.Status);
        Assert.Equal("dana", stored.DecidedById);
        Assert.Equal([RequestDecisionService.ApprovedAction], Requests.Audit.Select(a => a.Action));
    }

    [Fact]
    public void Reject_WithoutComment_SaysACommentIsNeededAndKeepsTheRequestPending()
    {
        var request = Submit("orders-db", Rita);
        var page = Render<ApprovalsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='pending-request']")));

        page.Find("[data-testid='reject']").Click();

        page.WaitForAssertion(() => Assert.Equal(RequestDecisionService.CommentRequired, page.Find("[data-testid='decision-error']").TextContent.Trim()));
        Assert.Equal(ClusterRequestStatus.PendingApproval, Requests.Stored(request.Id).Status);
        Assert.Empty(Requests.Audit);
        Assert.Single(page.FindAll("[data-testid='pending-request']"));
    }

    [Fact]
    public void Reject_WithComment_RejectsWithThatComment()
    {
        var request = Submit("orders-db", Rita);
        var page = Render<ApprovalsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='pending-request']")));

        page.Find("textarea[data-testid='decision-comment']").Change("Use the shared cluster");
        page.Find("[data-testid='reject']").Click();

        page.WaitForAssertion(() => Assert.Equal("Request for orders-db rejected.", page.Find("[data-testid='decision-done']").TextContent.Trim()));
        var stored = Requests.Stored(request.Id);
        Assert.Equal(ClusterRequestStatus.Rejected, stored.Status);
        Assert.Equal("Use the shared cluster", stored.DecisionComment);
    }

    [Fact]
    public void OwnRequest_ShowsWhyItCannotBeDecidedAndNoButtons()
    {
        SignInAs("dora", "Dora DBA", "Dba", "payments");
        Submit("dora-db", new Actor("dora", "Dora DBA"));
        Submit("orders-db", Rita, age: TimeSpan.FromMinutes(5));

        var page = Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='pending-request']").Count));
        var own = page.FindAll("[data-testid='pending-request']").Single(c => c.TextContent.Contains("dora-db", StringComparison.Ordinal));
        Assert.Equal(RequestDecisionService.OwnRequest, own.QuerySelector("[data-testid='not-decidable']")!.TextContent.Trim());
        Assert.Null(own.QuerySelector("[data-testid='approve']"));
        Assert.Null(own.QuerySelector("[data-testid='reject']"));
        Assert.Null(own.QuerySelector("[data-testid='decision-comment']"));
        var other = page.FindAll("[data-testid='pending-request']").Single(c => c.TextContent.Contains("orders-db", StringComparison.Ordinal));
        Assert.NotNull(other.QuerySelector("[data-testid='approve']"));
    }

    [Fact]
    public void OverQuotaRequest_IsMarkedAndTheOtherIsNot()
    {
        Policies.SetQuota(Payments.Id, clusters: 0);
        Submit("orders-db", Rita, Payments);
        Submit("search-db", Ravi, Search);

        var page = Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='pending-request']").Count));
        var cards = page.FindAll("[data-testid='pending-request']");
        var payments = cards.Single(c => c.TextContent.Contains("orders-db", StringComparison.Ordinal));
        var search = cards.Single(c => c.TextContent.Contains("search-db", StringComparison.Ordinal));
        Assert.Equal("Over quota", payments.QuerySelector("[data-testid='over-quota']")!.TextContent.Trim());
        Assert.Contains("1 of 0", payments.QuerySelector("[data-testid='pending-quota']")!.TextContent, StringComparison.Ordinal);
        Assert.Null(search.QuerySelector("[data-testid='over-quota']"));
    }

    [Fact]
    public void Approve_AnotherDbaDecidedFirst_SaysWhoAndNothingIsOverwritten()
    {
        var request = Submit("orders-db", Rita);
        var page = Render<ApprovalsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='pending-request']")));
        Requests.BeforeUpdate = async () =>
        {
            var fresh = (await Requests.GetAsync(request.Id, CancellationToken.None))!;
            fresh.Reject(new Actor("dirk", "Dirk DBA"), "Too big", Clock.GetUtcNow());
            await Requests.UpdateAsync(fresh, new AuditEvent(Clock.GetUtcNow(), new Actor("dirk", "Dirk DBA"), RequestDecisionService.RejectedAction,
                "ClusterRequest", request.Id.ToString(), request.TeamId, request.Region, "c", "{}"), false, CancellationToken.None);
        };

        page.Find("[data-testid='approve']").Click();

        page.WaitForAssertion(() => Assert.Equal("This request was already decided by Dirk DBA a moment ago (rejected).",
            page.Find("[data-testid='decision-error']").TextContent.Trim()));
        Assert.Equal(ClusterRequestStatus.Rejected, Requests.Stored(request.Id).Status);
    }
}
