using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Identity;
using Portal.Application.Requests.Create;
using Portal.Web.Components.Wizard;

namespace Portal.Web.Tests.Components.Wizard;

/// <summary>The wizard's state without the page, so the order in which changes and Next's check end is under the test's control.</summary>
public sealed class WizardStateTests : WizardTestContext
{
    private static readonly PortalUser Rita = new("rita", "Rita Requester", new HashSet<string> { PortalRoles.Requester }, ["payments"]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Next_ChangeLandsWhileItsCheckWaits_DecidesOnTheChangedDraftAndMovesOn()
    {
        using var state = new WizardState(Services.GetRequiredService<CreateClusterService>(), Rita, Clock);
        await state.StartAsync(Ct);
        state.Draft.Name = "orders-db";
        state.FieldTyped(DraftFields.Name, Ct);
        state.Draft.TeamSlug = null;
        await state.FieldChangedAsync(DraftFields.Team, Ct);       // the team is missing: the step is invalid

        // The person picks the team and clicks Next; the pick's own check (and Next's) wait on a slow name lookup, and a
        // second pick (the region) lands while Next's check still waits. Next's lookup answers first.
        var teamLookup = Names.Hold = new TaskCompletionSource();
        state.Draft.TeamSlug = "payments";
        var teamCheck = state.FieldChangedAsync(DraftFields.Team, Ct);
        var nextLookup = Names.Hold = new TaskCompletionSource();
        var next = state.NextAsync(Ct);
        var regionLookup = Names.Hold = new TaskCompletionSource();
        state.Draft.Region = "de-txl";
        var regionCheck = state.FieldChangedAsync(DraftFields.Region, Ct);
        nextLookup.SetResult();
        teamLookup.SetResult();
        regionLookup.SetResult();

        Assert.True(await next);
        await Task.WhenAll(teamCheck, regionCheck);
        Assert.Equal(WizardStep.BackupLocation, state.CurrentStep);
        Assert.False(state.CurrentStepHasShownProblems);
    }

    [Fact]
    public async Task Next_StepStillInvalidAfterTheChange_StaysAndShowsTheProblem()
    {
        using var state = new WizardState(Services.GetRequiredService<CreateClusterService>(), Rita, Clock);
        await state.StartAsync(Ct);
        Names.Taken.Add("orders-db");
        state.Draft.Name = "orders-db";
        state.FieldTyped(DraftFields.Name, Ct);
        Names.Hold = new TaskCompletionSource();

        var next = state.NextAsync(Ct);
        state.Draft.Region = "de-fra";
        var regionCheck = state.FieldChangedAsync(DraftFields.Region, Ct);
        Names.Hold.SetResult();

        Assert.False(await next);
        await regionCheck;
        Assert.Equal(WizardStep.Basics, state.CurrentStep);
        Assert.Equal("A cluster named orders-db already exists in de-fra.", state.ProblemFor(DraftFields.Name));
    }
}
