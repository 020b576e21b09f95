using Microsoft.AspNetCore.Components;

namespace Webhooks.Console.Shared;

/// <summary>
/// Base for pages that load data and offer actions. Data loads only once the page runs in the live
/// circuit (first OnAfterRender), not during prerendering: a prerendered button looks clickable but
/// does nothing until the circuit connects, which loses people's (and browser tests') first click.
/// Until then the page shows its loading indicator.
/// </summary>
public abstract class InteractivePage : ComponentBase
{
    /// <summary>True once running interactively and the first load has finished.</summary>
    protected bool Ready { get; private set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        await LoadAsync();
        Ready = true;
        StateHasChanged();
    }

    /// <summary>Loads (or reloads) what the page shows.</summary>
    protected abstract Task LoadAsync();
}
