using Portal.Application.Domain;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Queries;

namespace Portal.Application.Tests.Requests.Queries;

public sealed class StatusLabelsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    private static readonly Actor Rita = new("rita", "Rita Requester");
    private static readonly Actor Dana = new("dana", "Dana DBA");

    [Theory]
    [InlineData(ClusterRequestKind.Create, "Provisioning")]
    [InlineData(ClusterRequestKind.Update, "Updating")]
    [InlineData(ClusterRequestKind.Delete, "Deleting")]
    [InlineData(ClusterRequestKind.Restore, "Restoring")]
    public void For_ProvisioningStatus_SaysWhatHappensForTheKind(ClusterRequestKind kind, string label) =>
        Assert.Equal(label, StatusLabels.For(ClusterRequestStatus.Provisioning, kind));

    [Theory]
    [InlineData(ClusterRequestStatus.PendingApproval, "Pending approval")]
    [InlineData(ClusterRequestStatus.NeedsAttention, "Needs attention")]
    [InlineData(ClusterRequestStatus.Submitting, "Submitting")]
    [InlineData(ClusterRequestStatus.Completed, "Completed")]
    public void For_OtherStatuses_AreTheSameForEveryKind(ClusterRequestStatus status, string label) =>
        Assert.All(Enum.GetValues<ClusterRequestKind>(), kind => Assert.Equal(label, StatusLabels.For(status, kind)));

    [Fact]
    public void RequestView_DeleteWhileIonosWorks_StatusAndTimelineSayDeleting()
    {
        var request = ClusterRequest.SubmitDelete(Guid.NewGuid(), "de-txl", Rita, "c-0001", Spec(), Now);
        request.Approve(Dana, null, Now.AddMinutes(1));
        request.BeginSubmitting("orders-db", Now.AddMinutes(2));
        request.MarkProvisioning("c-0001", Now.AddMinutes(3));

        var view = ClusterRequestView.From(request, null);

        Assert.Equal("Deleting", view.StatusLabel);
        var last = view.Timeline[^1];
        Assert.Equal(("Deleting", "IONOS is deleting the cluster"), (last.What, last.Detail));
    }

    private static ClusterSpec Spec() => new()
    {
        Name = "orders-db",
        PostgresVersion = "17",
        Instances = 1,
        Cores = 2,
        RamGb = 4,
        StorageGb = 20,
        DatacenterId = "3f2c6a8e-5b1d-4c7e-9a0f-2d4b6c8e1a3f",
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Tuesday,
        MaintenanceTime = new TimeOnly(9, 0),
        BackupLocation = "eu-central-3",
        Username = "app_admin",
        DatabaseName = "orders",
    };
}
