using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Webhooks.Tests.Console.Endpoints;

/// <summary>
/// The endpoint pages' tests: <see cref="ConsolePageTestContext"/> disposed asynchronously (MudBlazor's
/// services refuse a synchronous dispose) plus the lookups by visible text they all use.
/// </summary>
public abstract class EndpointPageTestContext : ConsolePageTestContext, IAsyncLifetime
{
    protected EndpointPageTestContext()
    {
    }

    /// <param name="settings">Configuration as the app would read it.</param>
    /// <param name="liveUpdates">The delivery notifier's clock; held by default (see <see cref="ConsolePageTestContext"/>).</param>
    protected EndpointPageTestContext(IDictionary<string, string?> settings, TimeProvider? liveUpdates = null) : base(settings, liveUpdates)
    {
    }

    /// <summary>Renders the dialog and popover hosts before the test: a host rendered after a dialog opened never shows it.</summary>
    public Task InitializeAsync()
    {
        _ = Dialogs;
        _ = Popovers;
        return Task.CompletedTask;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>The one button whose text is exactly <paramref name="text"/>.</summary>
    protected static IElement Button(IRenderedComponent<IComponent> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    protected static bool HasButton(IRenderedComponent<IComponent> cut, string text) =>
        cut.FindAll("button").Any(b => b.TextContent.Trim() == text);

    /// <summary>The checkbox labelled <paramref name="label"/> (MudCheckBox wraps its input in the label).</summary>
    protected static IElement Checkbox(IRenderedComponent<IComponent> cut, string label) =>
        cut.FindAll("label").Single(l => l.TextContent.Trim() == label).QuerySelector("input[type=checkbox]")!;

    /// <summary>The open dialog (confirmations, Test, Recover), as people see it.</summary>
    protected IElement Dialog => Dialogs.Find("[role=dialog]");

    /// <summary>Presses a button of the open dialog; not awaited, since the dialog's caller may wait on more.</summary>
    protected void PressInDialog(string text)
    {
        Dialogs.WaitForAssertion(() => Assert.Contains(Dialogs.FindAll("[role=dialog] button"), b => b.TextContent.Trim() == text));
        _ = Dialogs.FindAll("[role=dialog] button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());
    }
}
