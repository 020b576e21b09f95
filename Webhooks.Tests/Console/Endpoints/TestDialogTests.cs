using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Webhooks.Console.Account;
using Webhooks.Console.Endpoints;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Events;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Endpoints;

public sealed class TestDialogTests() : EndpointPageTestContext(new Dictionary<string, string?>
{
    ["Webhooks:Delivery:AllowHttp"] = "true",
    ["Webhooks:Delivery:AllowPrivateNetworks"] = "true",
})
{
    private IElement Payload => Dialogs.Find("textarea#test-payload");

    /// <summary>Opens the dialog the way the pages do and waits for the sample payload of webhook.test.</summary>
    private IRenderedComponent<MudDialogProvider> OpenDialog(Endpoint endpoint)
    {
        var cut = Dialogs;
        _ = cut.InvokeAsync(() => Services.GetRequiredService<IDialogService>().OpenTestAsync(endpoint));
        cut.WaitForAssertion(() => Assert.Contains("test webhook", Payload.GetAttribute("value") ?? Payload.TextContent));
        Assert.Contains($"Test {endpoint.Name}", Dialog.TextContent);
        return cut;
    }

    private static void Send(IRenderedComponent<MudDialogProvider> cut) =>
        cut.FindAll("[role=dialog] button").Single(b => b.TextContent.Trim() == "Send").Click();

    [Fact]
    public async Task Send_ShowsStatusLatencyAndBody_WhenReceiverAnswers()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(201, """{"ok":true}"""));
        var (endpoint, _) = await CreateEndpointAsync("Orders", i => i.Url = receiver.Url.ToString());
        var cut = OpenDialog(endpoint);

        Send(cut);

        cut.WaitForAssertion(() => Assert.Equal("201", cut.Find(".test-status").TextContent.Trim()));
        Assert.Contains("Delivered", cut.Markup);
        Assert.Contains("\"ok\": true", cut.Find(".test-response-body").TextContent);
        Assert.Contains("X-Webhook-Signature: sha256=", cut.Find(".test-request-headers").TextContent);
        Assert.Equal("webhook.test", Assert.Single(receiver.Requests).Headers["X-Webhook-Event"]);
    }

    [Fact]
    public async Task Send_ShowsTheError_WhenReceiverRefusesConnections()
    {
        int port;
        await using (var closed = await LoopbackReceiver.StartAsync())
            port = closed.Port;
        var (endpoint, _) = await CreateEndpointAsync("Orders", i => i.Url = $"http://127.0.0.1:{port}/gone");
        var cut = OpenDialog(endpoint);

        Send(cut);

        cut.WaitForAssertion(() => Assert.Equal("connection refused", cut.Find(".test-status").TextContent.Trim()));
        Assert.Contains("Failed", cut.Markup);
        Assert.NotEmpty(cut.Find(".test-error").TextContent);
    }

    [Fact]
    public async Task Send_RefusesPayloadAtTheField_WhenJsonIsInvalid()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (endpoint, _) = await CreateEndpointAsync("Orders", i => i.Url = receiver.Url.ToString());
        var cut = OpenDialog(endpoint);

        Payload.Input("[1, 2");
        Send(cut);

        Assert.Contains("not valid JSON", cut.Find(".field-error[data-field=payload]").TextContent);
        Payload.Input("[1, 2]");
        Send(cut);
        Assert.Contains("must be a JSON object", cut.Find(".field-error[data-field=payload]").TextContent);
        Assert.Empty(cut.FindAll(".test-result"));
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Send_IsRefusedOnTheServer_WhenUserIsViewer()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (endpoint, _) = await CreateEndpointAsync("Orders", i => i.Url = receiver.Url.ToString());
        SignInAs(Roles.Viewer);
        var cut = OpenDialog(endpoint);

        Send(cut);

        cut.WaitForAssertion(() => Assert.Contains("Only an Admin can do this.", cut.Markup));
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task EventType_ReplacesPayloadWithItsSample_WhenAnotherTypeIsChosen()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await Services.GetRequiredService<EventTypeService>().CreateAsync(new EventTypeInput { Name = "customer.created", SamplePayload = """{"id":"cus_sample"}""" }, "seed");
        var (endpoint, _) = await CreateEndpointAsync("Orders", i => { i.Url = receiver.Url.ToString(); i.Events = ["*"]; });
        var cut = OpenDialog(endpoint);
        Assert.Equal("webhook.test", cut.Find("[role=dialog] [role=combobox]").TextContent.Trim());

        cut.Find("[role=dialog] .mud-select .mud-input-control").MouseDown();
        Popovers.WaitForAssertion(() => Popovers.FindAll(".mud-list-item").Single(i => i.TextContent.Trim() == "customer.created").Click());

        cut.WaitForAssertion(() => Assert.Contains("cus_sample", Payload.GetAttribute("value") ?? Payload.TextContent));
        Send(cut);
        cut.WaitForAssertion(() => Assert.Equal("200", cut.Find(".test-status").TextContent.Trim()));
        Assert.Equal("customer.created", Assert.Single(receiver.Requests).Headers["X-Webhook-Event"]);
    }
}
