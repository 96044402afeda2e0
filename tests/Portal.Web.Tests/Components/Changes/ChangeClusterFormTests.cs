using Bunit;
using MudBlazor.Services;
using Portal.Application.Domain.Clusters;
using Portal.Application.Domain.Requests;
using Portal.Application.Requests.Changes;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Changes;

namespace Portal.Web.Tests.Components.Changes;

/// <summary>The change form on its own: pre-filled values, fixed fields, live diff, password rule, and what reaches the service.</summary>
public sealed class ChangeClusterFormTests : BunitContext
{
    private const string Password = "Kestrel7$Harbor";

    private static readonly ClusterSpec Current = new()
    {
        Name = "orders-db",
        PostgresVersion = "16",
        Instances = 1,
        Cores = 2,
        RamGb = 4,
        StorageGb = 50,
        DatacenterId = "3b2f8e8a-1c4d-4b7e-9f0a-2d5c6e7f8a9b",
        LanId = "2",
        PrimaryInstanceAddress = "192.168.1.100/24",
        MaintenanceDay = DayOfWeek.Tuesday,
        MaintenanceTime = new TimeOnly(9, 0),
        BackupLocation = "de",
        RetentionDays = 7,
        Username = "orders_app",
        DatabaseName = "orders",
    };

    private readonly List<(UpdateClusterDraft Draft, string? Password, string? Confirmation)> _submitted = [];

    public ChangeClusterFormTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Form_Opened_IsPrefilledShowsFixedFieldsAndThePasswordNoteAndNoChangeYet()
    {
        var page = RenderForm();

        Assert.Equal("2", Field(page, "field-cores").GetAttribute("value"));
        Assert.Equal("50", Field(page, "field-storage").GetAttribute("value"));
        Assert.Equal("09:00:00", Field(page, "field-maintenance-time").GetAttribute("value"));
        Assert.Contains("192.168.1.100/24", page.Find("[data-testid='fixed-network']").TextContent, StringComparison.Ordinal);
        Assert.Equal("de", page.Find("[data-testid='fixed-backup-location']").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid='fixed-fields'] input"));
        Assert.Contains("IONOS never gives the password back", page.Find("[data-testid='password-note']").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='change-diff-empty']"));
        Assert.Empty(page.FindAll("[data-testid='field-username']"));
    }

    [Fact]
    public void Form_CoresChanged_PreviewShowsTheFieldBeforeAndAfter()
    {
        var page = RenderForm();

        Field(page, "field-cores").Input("4");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='change-Cores']")));
        var row = page.Find("[data-testid='change-Cores']");
        Assert.Equal(("2", "4"), (row.QuerySelector("[data-testid='change-before']")!.TextContent.Trim(), row.QuerySelector("[data-testid='change-after']")!.TextContent.Trim()));
        Assert.Single(page.FindAll("[data-testid='change-diff'] tbody tr"));
    }

    [Fact]
    public void Form_StorageShrunk_ShowsTheRuleAtTheFieldAndDoesNotSubmit()
    {
        var page = RenderForm();

        Field(page, "field-storage").Input("40");
        page.Find("[data-testid='submit-change'] ").Click();

        page.WaitForAssertion(() => Assert.Contains("Storage can only grow", page.Find("[data-testid='field-storage']").TextContent, StringComparison.Ordinal));
        Assert.Empty(_submitted);
    }

    [Fact]
    public void Form_SubmitWithoutPassword_AsksForItAndSendsNothing()
    {
        var page = RenderForm();
        Field(page, "field-cores").Input("4");

        page.Find("[data-testid='submit-change']").Click();

        page.WaitForAssertion(() => Assert.Contains("Enter a password", page.Find("[data-testid='field-password']").TextContent, StringComparison.Ordinal));
        Assert.Empty(_submitted);
    }

    [Fact]
    public void Form_ValidChangeWithPassword_SendsTheDraftAndPasswordToTheService()
    {
        var page = RenderForm();
        Field(page, "field-cores").Input("4");
        Field(page, "field-password").Input(Password);
        Field(page, "field-confirmation").Input(Password);

        page.Find("[data-testid='submit-change']").Click();

        page.WaitForAssertion(() => Assert.Single(_submitted));
        var (draft, password, confirmation) = _submitted[0];
        Assert.Equal((4, 2, Password, Password), (draft.Cores, Current.Cores, password, confirmation));
        Assert.Equal(Current with { Cores = 4 }, draft.ApplyTo(Current));
    }

    [Fact]
    public void Form_ServiceRefuses_ShowsItsMessageAndKeepsTheValues()
    {
        var page = RenderForm(_ => SubmitResult.Rejected(ValidationProblem.General, "Only members of team Payments can request a change of this cluster. Your change was not submitted."));
        Field(page, "field-cores").Input("4");
        Field(page, "field-password").Input(Password);
        Field(page, "field-confirmation").Input(Password);

        page.Find("[data-testid='submit-change']").Click();

        page.WaitForAssertion(() => Assert.Contains("Only members of team Payments", page.Find("[data-testid='change-error']").TextContent, StringComparison.Ordinal));
        Assert.Equal("4", Field(page, "field-cores").GetAttribute("value"));
    }

    private static AngleSharp.Dom.IElement Field(IRenderedComponent<ChangeClusterForm> page, string testId) =>
        page.Find($"[data-testid='{testId}'] input");

    private IRenderedComponent<ChangeClusterForm> RenderForm(Func<UpdateClusterDraft, SubmitResult>? answer = null)
    {
        var form = new UpdateClusterForm("de-txl", "c-1", Current.Name, "Payments", ClusterState.Available, Current, UpdateClusterDraft.From(Current),
            ["16", "17"], ["17"], null, CredentialsKnown: true);
        return Render<ChangeClusterForm>(p => p
            .Add(x => x.Form, form)
            .Add(x => x.Submit, (draft, password, confirmation) =>
            {
                _submitted.Add((draft, password, confirmation));
                return Task.FromResult(answer?.Invoke(draft) ?? new SubmitResult(Guid.NewGuid(), ValidationReport.Valid));
            }));
    }
}
