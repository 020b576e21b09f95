using Bunit;
using Webhooks.Console.Endpoints;

namespace Webhooks.Tests.Console.Endpoints;

public sealed class EndpointGridTests : ConsolePageTestContext
{
    [Fact]
    public async Task Grid_MarksEndpointFromConfiguration_WhenDeclaredInAppSettings()
    {
        await Endpoints.CreateAsync(new() { Name = "CRM", Url = "https://crm.example.com/hooks", Events = ["webhook.test"] }, "configuration", fromConfiguration: true);
        await CreateEndpointAsync("Orders");

        var cut = Render<EndpointGrid>(p => p.Add(x => x.Items, Endpoints.ListAsync().GetAwaiter().GetResult()).Add(x => x.IsAdmin, true));

        var rows = cut.FindAll("tbody tr");
        Assert.Contains("from configuration", rows.Single(r => r.TextContent.Contains("CRM")).TextContent);
        Assert.DoesNotContain("from configuration", rows.Single(r => r.TextContent.Contains("Orders")).TextContent);
    }

    [Fact]
    public async Task Grid_KeepsActionsInView_WhenColumnsAreWiderThanTheScreen()
    {
        await CreateEndpointAsync("Orders");

        var cut = Render<EndpointGrid>(p => p.Add(x => x.Items, Endpoints.ListAsync().GetAwaiter().GetResult()).Add(x => x.IsAdmin, true));

        var actions = cut.FindAll("tbody td").Single(td => td.TextContent.Contains("Delete"));
        Assert.Contains("rz-frozen-cell-right", actions.ClassName);
    }
}
