using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;

namespace Webhooks.Console.Shared;

/// <summary>
/// Base for pages that load data and offer actions. Data loads only once the page runs in the live
/// circuit (first OnAfterRender), not during prerendering: a prerendered button looks clickable but
/// does nothing until the circuit connects, which loses people's (and browser tests') first click.
/// Until then the page shows its loading indicator; a load that fails shows why and "Try again".
/// </summary>
public abstract class InteractivePage : ComponentBase
{
    [Inject] private ILoggerFactory LoggerFactory { get; set; } = default!;

    private ILogger? _log;

    /// <summary>True once running interactively and the last load succeeded.</summary>
    protected bool Ready { get; private set; }

    /// <summary>Why the last load failed, or null; pages show it with <see cref="PageLoading"/>.</summary>
    protected string? LoadError { get; private set; }

    /// <summary>Why the last reload failed while the earlier data stays on screen (shown above it), or null.</summary>
    protected string? ReloadError => Ready ? LoadError : null;

    /// <summary>The page's own logger (category = the page's type).</summary>
    protected ILogger Log => _log ??= LoggerFactory.CreateLogger(GetType());

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
            return;
        await TryLoadAsync();
        StateHasChanged();
    }

    /// <summary>Loads (or reloads) what the page shows. Call <see cref="TryLoadAsync"/> instead: it shows a failure.</summary>
    protected abstract Task LoadAsync();

    /// <summary>Runs <see cref="LoadAsync"/> guarded: "Try again", live refreshes and reloads after actions use it.</summary>
    protected async Task TryLoadAsync()
    {
        LoadError = await PageGuard.RunAsync(Log, "Load " + GetType().Name, LoadAsync, describe: UiError.DescribeLoad);
        // A failed reload after a good one keeps the last data on screen, with the error above it.
        Ready = Ready || LoadError is null;
    }

    /// <summary>Runs an action guarded (see <see cref="PageGuard"/>); returns the error to show, or null.</summary>
    protected Task<string?> GuardAsync(string action, Func<Task> work, Action<bool>? busy = null) => PageGuard.RunAsync(Log, action, work, busy);
}
