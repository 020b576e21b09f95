using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Webhooks.Console.Endpoints;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;

namespace Webhooks.Tests.Console.Endpoints;

public sealed class EndpointFormTests : BunitContext, IAsyncLifetime
{
    private static readonly List<EventType> Catalog =
    [
        new() { Name = "customer.created", Group = "customer", Description = "A customer signed up." },
        new() { Name = "customer.deleted", Group = "customer" },
        new() { Name = "webhook.test", Group = "webhook", IsBuiltIn = true },
    ];

    private readonly List<EndpointInput> _saved = [];

    public EndpointFormTests()
    {
        // Every WaitFor* against real SQLite and MudBlazor's renders: bunit's 1 s default fails on a busy machine.
        DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<EndpointValidator>();
        Services.AddSingleton(new EndpointRules(false));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    private IRenderedComponent<EndpointForm> RenderForm(EndpointInput? value = null, IReadOnlyDictionary<string, string[]>? serverErrors = null)
    {
        _popovers = Render<MudPopoverProvider>();
        return Render<EndpointForm>(p => p
            .Add(f => f.Value, value ?? new EndpointInput())
            .Add(f => f.IsCreate, true)
            .Add(f => f.Catalog, Catalog)
            .Add(f => f.ServerErrors, serverErrors)
            .Add(f => f.OnSave, (EndpointInput input) => _saved.Add(input)));
    }

    private static string FieldErrors(IRenderedComponent<EndpointForm> cut, string field) =>
        string.Join(" | ", cut.FindAll($".field-error[data-field='{field}']").Select(e => e.TextContent));

    /// <summary>
    /// The control a label names, found the way assistive technology finds it: through the label's
    /// <c>for</c>, the input the label wraps, or (MudSelect) the combobox that carries the label as its aria-label.
    /// </summary>
    private static IElement Control(IRenderedComponent<EndpointForm> cut, string text)
    {
        var label = cut.FindAll("label").SingleOrDefault(l => l.TextContent.Trim() == text);
        Assert.True(label is not null, $"no label '{text}'");
        if (label!.GetAttribute("for") is not { } id)
            return label.QuerySelector("input") ?? throw new InvalidOperationException($"label '{text}' names no input");
        var target = Assert.Single(cut.FindAll($"[id='{id}']"));
        if (target.GetAttribute("type") == "hidden")
            target = target.ParentElement!.QuerySelector("[role=combobox]") ?? target;
        return target;
    }

    private static IElement EventBox(IRenderedComponent<EndpointForm> cut, string text) => Control(cut, text);

    /// <summary>Opens a MudSelect by its label and picks an option from the popover list.</summary>
    private void Choose(IRenderedComponent<EndpointForm> cut, string label, string option)
    {
        Control(cut, label).Closest(".mud-input-control")!.MouseDown();
        _popovers.WaitForAssertion(() => _popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == option).Click());
    }

    [Fact]
    public void Save_ShowsFieldErrorsAndDoesNotCallOnSave_WhenUrlIsFtpAndNameIsEmpty()
    {
        var cut = RenderForm();

        cut.Find("input#url").Change("ftp://example.com/hook");
        EventBox(cut, "customer.created").Change(true);
        cut.Find("form.endpoint-form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("URL must start with https://", FieldErrors(cut, "url")));
        Assert.Contains("Name is required.", FieldErrors(cut, "name"));
        Assert.Empty(_saved);
    }

    [Fact]
    public void Save_ShowsEventsError_WhenNoEventIsPicked()
    {
        var cut = RenderForm();

        cut.Find("input#name").Change("Orders");
        cut.Find("input#url").Change("https://example.com/hook");
        cut.Find("form.endpoint-form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Pick at least one event", FieldErrors(cut, "events")));
        Assert.Empty(_saved);
    }

    [Fact]
    public void Save_CallsOnSaveWithEnteredValues_WhenInputIsValid()
    {
        var cut = RenderForm();

        cut.Find("input#name").Change("Orders service");
        cut.Find("input#url").Change("https://example.com/hook");
        EventBox(cut, "customer.created").Change(true);
        cut.Find("form.endpoint-form").Submit();

        var saved = Assert.Single(_saved);
        Assert.Equal("Orders service", saved.Name);
        Assert.Equal("https://example.com/hook", saved.Url);
        Assert.Equal(["customer.created"], saved.Events);
        Assert.Equal(5, saved.TimeoutSeconds);
        Assert.True(saved.Enabled);
        Assert.True(saved.RetryEnabled);
        Assert.Equal(AuthMode.None, saved.AuthMode);
        Assert.Null(saved.AuthSecret);
        Assert.Empty(cut.FindAll(".field-error"));
    }

    [Fact]
    public void EventPicker_ReplacesNarrowerPatterns_WhenGroupIsTicked()
    {
        var value = new EndpointInput { Events = ["customer.created"] };
        var cut = RenderForm(value);

        EventBox(cut, "All customer events").Change(true);

        Assert.Equal(["customer.*"], value.Events);
        Assert.True(EventBox(cut, "customer.deleted").HasAttribute("disabled"));
        Assert.True(EventBox(cut, "customer.created").HasAttribute("checked"));
        Assert.False(EventBox(cut, "webhook.test").HasAttribute("disabled"));
    }

    [Fact]
    public void Form_LabelsEveryFieldForBrowserTests_WhenRendered()
    {
        var cut = RenderForm();

        foreach (var text in new[] { "Name", "URL", "Description", "customer.created", "All events", "All customer events", "Signature scheme", "Authentication", "Timeout (seconds)", "Rate limit (per second)", "Retry failed deliveries", "Enabled" })
        {
            var control = Control(cut, text);
            // An aria-label wins over <label for> in the accessible name, so it must say the same.
            if (control.GetAttribute("aria-label") is { } aria)
                Assert.Equal(text, aria);
        }
        // Scripts and people's bookmarks find the text fields by these ids.
        foreach (var id in new[] { "name", "url", "description", "timeoutSeconds", "rateLimitPerSecond" })
            Assert.Single(cut.FindAll($"[id='{id}']"));
    }

    [Fact]
    public void Form_ShowsServerErrorsAtTheirFields_WhenServerRejected()
    {
        var cut = RenderForm(serverErrors: new Dictionary<string, string[]> { ["url"] = ["The server says no."], ["secret"] = ["Secret too short."] });

        Assert.Equal("The server says no.", FieldErrors(cut, "url"));
        Assert.Contains("Secret too short.", FieldErrors(cut, "secret"));
    }

    [Fact]
    public void Auth_ShowsPasswordFieldAndRequiresIt_WhenBasicIsChosenOnCreate()
    {
        var cut = RenderForm(new EndpointInput { Name = "A", Url = "https://example.com/a", Events = ["*"] });

        Choose(cut, "Authentication", "Basic");
        cut.WaitForAssertion(() => cut.Find("input#authUsername").Change("svc"));
        Assert.Equal("password", cut.Find("input#authSecret").GetAttribute("type"));
        cut.Find("form.endpoint-form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Password is required", FieldErrors(cut, "authSecret")));
        Assert.Empty(_saved);
    }
}
