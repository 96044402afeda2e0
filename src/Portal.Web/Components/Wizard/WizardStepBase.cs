using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Wizard;

/// <summary>What every step shares: the wizard's state, and telling the page that something changed.</summary>
public abstract class WizardStepBase : ComponentBase
{
    [Parameter, EditorRequired]
    public WizardState State { get; set; } = default!;

    /// <summary>Invoked after every change so the page (Next button, summary) shows the new state.</summary>
    [Parameter]
    public EventCallback Changed { get; set; }

    /// <summary>Invoked by the step's Retry button after its options failed to load.</summary>
    [Parameter]
    public EventCallback Retry { get; set; }

    [Parameter]
    public CancellationToken Cancellation { get; set; }

    /// <summary>Applies a new value, checks the step again and keeps the draft.</summary>
    protected async Task SetAsync(string field, Action apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        apply();
        await State.FieldChangedAsync(field, Cancellation);
        await Changed.InvokeAsync();
    }

    /// <summary>A keystroke in a text field: pure rules at once, the full check and the draft save after a pause.</summary>
    protected async Task TypeAsync(string field, Action apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        apply();
        State.FieldTyped(field, Cancellation);
        await Changed.InvokeAsync();
    }

    protected async Task RunAsync(Func<CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await action(Cancellation);
        await Changed.InvokeAsync();
    }
}
