using AngleSharp.Dom;
using Bunit;
using Webhooks.Console.Endpoints;

namespace Webhooks.Tests.Console.Endpoints;

public sealed class EndpointGridTests : EndpointPageTestContext
{
    private static List<IElement> Rows(IRenderedComponent<EndpointGrid> cut) => cut.FindAll(".endpoints-grid tbody tr").ToList();

    [Fact]
    public async Task Grid_MarksEndpointFromConfiguration_WhenDeclaredInAppSettings()
    {
        await Endpoints.CreateAsync(new() { Name = "CRM", Url = "https://crm.example.com/hooks", Events = ["webhook.test"] }, "configuration", fromConfiguration: true);
        await CreateEndpointAsync("Orders");

        var cut = Render<EndpointGrid>(p => p.Add(x => x.IsAdmin, true));

        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));
        Assert.Contains("from configuration", Rows(cut).Single(r => r.TextContent.Contains("CRM")).TextContent);
        Assert.DoesNotContain("from configuration", Rows(cut).Single(r => r.TextContent.Contains("Orders")).TextContent);
    }

    [Fact]
    public async Task Grid_KeepsActionsInView_WhenColumnsAreWiderThanTheScreen()
    {
        await CreateEndpointAsync("Orders");

        var cut = Render<EndpointGrid>(p => p.Add(x => x.IsAdmin, true));

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        var actions = cut.FindAll("tbody td").Single(td => td.TextContent.Contains("Delete"));
        Assert.Contains("sticky-right", actions.ClassList);
        foreach (var text in new[] { "Test", "Edit", "Disable", "Delete" })
            Assert.Contains(actions.QuerySelectorAll("button"), b => b.TextContent.Trim() == text);
    }

    [Fact]
    public async Task Grid_CarriesTheUrlUnderTheNameAndMarksTheColumnsThatGiveWay_ForALaptopScreen()
    {
        await CreateEndpointAsync("Orders");

        var cut = Render<EndpointGrid>(p => p.Add(x => x.IsAdmin, true));

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        // app.css hides the "col-wide" columns below 1600 px and shows the URL under the name instead.
        var url = cut.Find("tbody td.col-name .endpoint-url-inline");
        Assert.StartsWith("https://", url.TextContent.Trim());
        Assert.Equal(url.TextContent.Trim(), url.GetAttribute("title"));
        var wide = cut.FindAll("thead th.col-wide").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["URL", "Last success"], wide);
        Assert.Equal(2, cut.FindAll("tbody td.col-wide").Count);
        Assert.Equal("Last success: never", cut.Find("tbody .failures").GetAttribute("title"));
    }

    [Fact]
    public async Task Grid_ShowsOnePageSortedInTheDatabase_WhenThereAreMoreEndpointsThanAPage()
    {
        for (var i = 1; i <= 30; i++)
            await CreateEndpointAsync($"Endpoint-{i:00}");

        var cut = Render<EndpointGrid>(p => p.Add(x => x.IsAdmin, true));

        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count));
        Assert.Contains("Endpoint-01", Rows(cut)[0].TextContent);
        Assert.Contains("1-25 of 30", cut.Find(".mud-table-pagination").TextContent);

        // Name is sorted ascending already; a second click turns it around.
        var nameHeader = cut.FindAll("th .sortable-column-header").Single(h => h.TextContent.Trim() == "Name");
        nameHeader.Click();
        cut.FindAll("th .sortable-column-header").Single(h => h.TextContent.Trim() == "Name").Click();

        cut.WaitForAssertion(() => Assert.Contains("Endpoint-30", Rows(cut)[0].TextContent));
        Assert.Equal(25, Rows(cut).Count);
    }

    [Fact]
    public async Task Grid_HidesTheActionsColumn_WhenUserIsNotAdmin()
    {
        await CreateEndpointAsync("Orders");

        var cut = Render<EndpointGrid>(p => p.Add(x => x.IsAdmin, false));

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() is "Test" or "Edit" or "Delete");
        Assert.DoesNotContain(cut.FindAll("th"), th => th.TextContent.Trim() == "Actions");
    }
}
