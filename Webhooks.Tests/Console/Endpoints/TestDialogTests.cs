using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Account;
using Webhooks.Console.Endpoints;
using Webhooks.Core.Endpoints;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console.Endpoints;

public sealed class TestDialogTests() : ConsolePageTestContext(new Dictionary<string, string?>
{
    ["Webhooks:Delivery:AllowHttp"] = "true",
    ["Webhooks:Delivery:AllowPrivateNetworks"] = "true",
})
{
    private IRenderedComponent<TestDialog> RenderDialog(Endpoint endpoint)
    {
        var cut = Render<TestDialog>(p => p.Add(d => d.Endpoint, endpoint));
        cut.WaitForAssertion(() => Assert.Contains("test webhook", cut.Find("textarea#test-payload").GetAttribute("value") ?? cut.Find("textarea#test-payload").TextContent));
        return cut;
    }

    private static void Send(IRenderedComponent<TestDialog> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Send").Click();

    [Fact]
    public async Task Send_ShowsStatusLatencyAndBody_WhenReceiverAnswers()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(201, """{"ok":true}"""));
        var (endpoint, _) = await CreateEndpointAsync("Orders", i => i.Url = receiver.Url.ToString());
        var cut = RenderDialog(endpoint);

        Send(cut);

        cut.WaitForAssertion(() => Assert.Equal("201", cut.Find(".test-status").TextContent.Trim()), TimeSpan.FromSeconds(10));
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
        var cut = RenderDialog(endpoint);

        Send(cut);

        cut.WaitForAssertion(() => Assert.Equal("connection refused", cut.Find(".test-status").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Contains("Failed", cut.Markup);
        Assert.NotEmpty(cut.Find(".test-error").TextContent);
    }

    [Fact]
    public async Task Send_RefusesPayloadAtTheField_WhenJsonIsInvalid()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var (endpoint, _) = await CreateEndpointAsync("Orders", i => i.Url = receiver.Url.ToString());
        var cut = RenderDialog(endpoint);

        cut.Find("textarea#test-payload").Change("[1, 2");
        Send(cut);

        Assert.Contains("not valid JSON", cut.Find(".field-error[data-field=payload]").TextContent);
        cut.Find("textarea#test-payload").Change("[1, 2]");
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
        var cut = RenderDialog(endpoint);

        Send(cut);

        cut.WaitForAssertion(() => Assert.Contains("Only an Admin can do this.", cut.Markup));
        Assert.Empty(receiver.Requests);
    }
}
