using Bunit;
using MudBlazor.Services;
using Portal.Application.Domain.Requests;
using Portal.Web.Components.Approvals;

namespace Portal.Web.Tests.Components.Approvals;

public sealed class RequestStatusChipTests : BunitContext
{
    public RequestStatusChipTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData(ClusterRequestKind.Create, "Provisioning")]
    [InlineData(ClusterRequestKind.Update, "Updating")]
    [InlineData(ClusterRequestKind.Delete, "Deleting")]
    [InlineData(ClusterRequestKind.Restore, "Restoring")]
    public void Chip_RequestIonosWorksOn_SaysWhatHappensForItsKind(ClusterRequestKind kind, string label)
    {
        var chip = Render<RequestStatusChip>(p => p.Add(c => c.Status, ClusterRequestStatus.Provisioning).Add(c => c.Kind, kind));

        Assert.Equal(label, chip.Find("[data-testid='request-status-chip']").TextContent.Trim());
    }
}
