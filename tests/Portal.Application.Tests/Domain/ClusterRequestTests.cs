using Portal.Application.Domain;
using Portal.Application.Domain.Requests;

namespace Portal.Application.Tests.Domain;

public sealed class ClusterRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Rita = new("demo-rita", "Rita Requester");
    private static readonly Actor Dana = new("demo-dana", "Dana DBA");

    [Fact]
    public void SubmitCreate_NewRequest_IsPendingApprovalWithTheRequesterAndSpec()
    {
        var request = NewCreate();

        Assert.Equal(ClusterRequestStatus.PendingApproval, request.Status);
        Assert.Equal(ClusterRequestKind.Create, request.Kind);
        Assert.Equal("demo-rita", request.RequestedById);
        Assert.Equal("orders-db", request.ClusterName);
    }

    [Fact]
    public void Approve_ByAnotherPerson_RecordsTheDecisionAndSchedulesExecution()
    {
        var request = NewCreate();

        request.Approve(Dana, "fine", Now.AddMinutes(5));

        Assert.Equal(ClusterRequestStatus.Approved, request.Status);
        Assert.Equal("demo-dana", request.DecidedById);
        Assert.Equal("fine", request.DecisionComment);
        Assert.Equal(Now.AddMinutes(5), request.NextAttemptAt);
        Assert.False(request.AutoApproved);
    }

    [Fact]
    public void Approve_OwnRequest_IsRefusedAndNothingChanges()
    {
        var request = NewCreate();

        var error = Assert.Throws<InvalidOperationException>(() => request.Approve(Rita, null, Now));

        Assert.Contains("own request", error.Message, StringComparison.Ordinal);
        Assert.Equal(ClusterRequestStatus.PendingApproval, request.Status);
    }

    [Fact]
    public void Reject_OwnRequest_IsRefused()
    {
        var request = NewCreate();

        Assert.Throws<InvalidOperationException>(() => request.Reject(Rita, "no", Now));
        Assert.Equal(ClusterRequestStatus.PendingApproval, request.Status);
    }

    [Fact]
    public void Reject_WithoutComment_IsRefused()
    {
        var request = NewCreate();

        Assert.ThrowsAny<ArgumentException>(() => request.Reject(Dana, " ", Now));
    }

    [Fact]
    public void Approve_AlreadyDecided_IsRefused()
    {
        var request = NewCreate();
        request.Approve(Dana, null, Now);

        Assert.Throws<InvalidOperationException>(() => request.Approve(new Actor("demo-adam", "Adam Admin"), null, Now));
    }

    [Fact]
    public void Approve_CancelledRequest_IsRefused()
    {
        var request = NewCreate();
        request.Cancel(Rita, Now);

        Assert.Throws<InvalidOperationException>(() => request.Approve(Dana, null, Now));
        Assert.Equal(ClusterRequestStatus.Cancelled, request.Status);
    }

    [Fact]
    public void Expire_Pending_IsFinalDecidedByThePortalWithTheReason()
    {
        var request = NewCreate();

        request.Expire("No DBA decided within 14 days.", Now.AddDays(14));

        Assert.Equal(ClusterRequestStatus.Expired, request.Status);
        Assert.True(request.Status.IsFinal());
        Assert.Equal(Actor.System.Id, request.DecidedById);
        Assert.Equal("No DBA decided within 14 days.", request.DecisionComment);
        Assert.Equal(Now.AddDays(14), request.CompletedAt);
        Assert.Throws<InvalidOperationException>(() => request.Approve(Dana, null, Now.AddDays(15)));
    }

    [Fact]
    public void Expire_AlreadyDecided_IsRefused()
    {
        var request = NewCreate();
        request.Approve(Dana, null, Now);

        Assert.Throws<InvalidOperationException>(() => request.Expire("too old", Now.AddDays(14)));
        Assert.Equal(ClusterRequestStatus.Approved, request.Status);
    }

    [Fact]
    public void Approve_ByPolicy_IsMarkedAutoApproved()
    {
        var request = NewCreate();

        request.Approve(Actor.Policy, null, Now, autoApproved: true);

        Assert.True(request.AutoApproved);
        Assert.Equal("policy", request.DecidedById);
    }

    [Fact]
    public void Execution_FromApprovalToCompleted_FixesTheNameOnceAndRecordsTheCluster()
    {
        var request = NewCreate();
        request.Approve(Dana, null, Now);

        request.BeginSubmitting("orders-db-3f2a", Now);
        request.BeginSubmitting("another-name", Now);
        request.MarkProvisioning("c0ffee00-0000-4000-8000-000000000001", Now);
        request.Complete(Now.AddMinutes(3));

        Assert.Equal("orders-db-3f2a", request.ExecutionClusterName);
        Assert.Equal(2, request.Attempts);
        Assert.Equal("c0ffee00-0000-4000-8000-000000000001", request.TargetClusterId);
        Assert.Equal(ClusterRequestStatus.Completed, request.Status);
        Assert.Equal(Now.AddMinutes(3), request.CompletedAt);
    }

    [Fact]
    public void TryAcquireLease_HeldByAnotherOwner_FailsUntilTheLeaseExpires()
    {
        var request = NewCreate();
        request.Approve(Dana, null, Now);
        Assert.True(request.TryAcquireLease("portal-a", Now, Now.AddMinutes(1)));

        Assert.False(request.TryAcquireLease("portal-b", Now.AddSeconds(30), Now.AddMinutes(2)));
        Assert.True(request.TryAcquireLease("portal-b", Now.AddMinutes(1).AddSeconds(1), Now.AddMinutes(3)));
        Assert.Equal("portal-b", request.LeaseOwner);
    }

    [Fact]
    public void TryAcquireLease_PendingRequest_IsNotExecutable()
    {
        var request = NewCreate();

        Assert.False(request.TryAcquireLease("portal-a", Now, Now.AddMinutes(1)));
    }

    [Fact]
    public void SubmitCreate_WithRestoreSource_IsRefused()
    {
        Assert.Throws<ArgumentException>(() =>
            ClusterRequest.SubmitCreate(Guid.NewGuid(), "de-txl", Rita, Spec() with { RestoreSourceBackupId = "b1" }, Now));
    }

    private static ClusterRequest NewCreate() => ClusterRequest.SubmitCreate(Guid.NewGuid(), "de-txl", Rita, Spec(), Now);

    private static ClusterSpec Spec() => new()
    {
        Name = "orders-db",
        PostgresVersion = "17",
        Instances = 1,
        Cores = 2,
        RamGb = 4,
        StorageGb = 20,
        DatacenterId = "5a029f4a-72e5-11ec-90d6-0242ac120003",
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Tuesday,
        MaintenanceTime = new TimeOnly(11, 0),
        BackupLocation = "eu-central-3",
        Username = "orders",
        DatabaseName = "orders",
    };
}
