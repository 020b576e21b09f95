using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Radzen;
using Webhooks.Console.Endpoints;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;

namespace Webhooks.Tests.Console.Endpoints;

public sealed class EndpointFormTests : BunitContext
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
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddRadzenComponents();
        Services.AddSingleton<EndpointValidator>();
        Services.AddSingleton(new EndpointRules(false));
    }

    private IRenderedComponent<EndpointForm> RenderForm(EndpointInput? value = null, IReadOnlyDictionary<string, string[]>? serverErrors = null) =>
        Render<EndpointForm>(p => p
            .Add(f => f.Value, value ?? new EndpointInput())
            .Add(f => f.IsCreate, true)
            .Add(f => f.Catalog, Catalog)
            .Add(f => f.ServerErrors, serverErrors)
            .Add(f => f.OnSave, (EndpointInput input) => _saved.Add(input)));

    private static string FieldErrors(IRenderedComponent<EndpointForm> cut, string field) =>
        string.Join(" | ", cut.FindAll($".field-error[data-field='{field}']").Select(e => e.TextContent));

    [Fact]
    public void Save_ShowsFieldErrorsAndDoesNotCallOnSave_WhenUrlIsFtpAndNameIsEmpty()
    {
        var cut = RenderForm();

        cut.Find("input#url").Change("ftp://example.com/hook");
        cut.Find("input[id='event-customer.created']").Change(true);
        cut.Find("form.endpoint-form").Submit();

        Assert.Contains("URL must start with https://", FieldErrors(cut, "url"));
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

        Assert.Contains("Pick at least one event", FieldErrors(cut, "events"));
        Assert.Empty(_saved);
    }

    [Fact]
    public void Save_CallsOnSaveWithEnteredValues_WhenInputIsValid()
    {
        var cut = RenderForm();

        cut.Find("input#name").Change("Orders service");
        cut.Find("input#url").Change("https://example.com/hook");
        cut.Find("input[id='event-customer.created']").Change(true);
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

        cut.Find("input#event-group-customer").Change(true);

        Assert.Equal(["customer.*"], value.Events);
        Assert.True(cut.Find("input[id='event-customer.deleted']").HasAttribute("disabled"));
    }

    [Fact]
    public void Form_LabelsEveryFieldForBrowserTests_WhenRendered()
    {
        var cut = RenderForm();

        foreach (var (text, id) in new[] { ("Name", "name"), ("URL", "url"), ("Description", "description"), ("customer.created", "event-customer.created"), ("All events", "event-all"), ("All customer events", "event-group-customer"), ("Signature scheme", "signatureScheme"), ("Authentication", "authMode"), ("Timeout (seconds)", "timeoutSeconds"), ("Rate limit (per second)", "rateLimitPerSecond"), ("Retry failed deliveries", "retryEnabled"), ("Enabled", "enabled") })
        {
            var label = cut.FindAll("label").SingleOrDefault(l => l.TextContent.Trim() == text);
            Assert.True(label is not null, $"no label '{text}'");
            Assert.Equal(id, label!.GetAttribute("for"));
            var input = Assert.Single(cut.FindAll($"[id='{id}']"));
            // An aria-label wins over <label for> in the accessible name, so it must say the same.
            if (input.GetAttribute("aria-label") is { } aria)
                Assert.Equal(text, aria);
        }
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

        cut.Find("select#authMode").Change(nameof(AuthMode.Basic));
        cut.Find("input#authUsername").Change("svc");
        cut.Find("form.endpoint-form").Submit();

        Assert.Contains("Password is required", FieldErrors(cut, "authSecret"));
        Assert.Empty(_saved);
    }
}
