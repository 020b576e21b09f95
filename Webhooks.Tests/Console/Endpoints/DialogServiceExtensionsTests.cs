using Bunit;
using Webhooks.Console.Endpoints;

namespace Webhooks.Tests.Console.Endpoints;

/// <summary>The endpoint confirmations (<see cref="DialogServiceExtensions"/>) as the pages use them.</summary>
public sealed class DialogServiceExtensionsTests : EndpointPageTestContext
{
    [Fact]
    public async Task EndpointsPage_DisablesEndpointAfterConfirm_WhenAdminConfirmsDisable()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        var cut = Render<EndpointsPage>();
        cut.WaitForAssertion(() => Button(cut, "Disable"));

        _ = Button(cut, "Disable").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains("Disable the endpoint 'Orders'? Nothing will be sent to it until it is enabled again", Dialog.TextContent));
        PressInDialog("Disable");

        cut.WaitForAssertion(() => Assert.True(HasButton(cut, "Enable")));
        Assert.False((await Endpoints.GetAsync(endpoint.Id)).IsEnabled);
    }

    [Fact]
    public async Task EndpointsPage_LeavesEndpointEnabled_WhenDisableIsCancelled()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        var cut = Render<EndpointsPage>();
        cut.WaitForAssertion(() => Button(cut, "Disable"));

        _ = Button(cut, "Disable").ClickAsync(new());
        PressInDialog("Cancel");

        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[role=dialog]")));
        Assert.True((await Endpoints.GetAsync(endpoint.Id)).IsEnabled);
        Assert.True(HasButton(cut, "Disable"));
        Assert.DoesNotContain("Disabled Orders.", cut.Markup);
    }

    [Fact]
    public async Task DetailPage_DisablesOnlyAfterConfirm_WhenAdminClicksDisable()
    {
        var (endpoint, _) = await CreateEndpointAsync("Orders");
        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, endpoint.Id));
        cut.WaitForAssertion(() => Button(cut, "Disable"));

        _ = Button(cut, "Disable").ClickAsync(new());
        PressInDialog("Cancel");
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[role=dialog]")));
        Assert.True((await Endpoints.GetAsync(endpoint.Id)).IsEnabled);

        _ = Button(cut, "Disable").ClickAsync(new());
        PressInDialog("Disable");
        cut.WaitForAssertion(() => Assert.Contains("Endpoint disabled.", cut.Markup));
        Assert.False((await Endpoints.GetAsync(endpoint.Id)).IsEnabled);
    }
}
