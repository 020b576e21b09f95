using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Webhooks.Tests.EndToEnd;

/// <summary>
/// The grids as laid out by Chromium at the screen sizes the design names: measured in the page,
/// because what goes wrong (a column under the sticky actions, a cut error name) is only in the layout.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScreenLayoutTests(Browser browser, OperationsConsole console) : IClassFixture<OperationsConsole>, IAsyncLifetime
{
    private const string RefusedUrl = "http://127.0.0.1:9/hooks/billing/customers/a-rather-long-path?tenant=acme-corporation";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.ClosePagesAsync();

    /// <summary>An endpoint with a long name and URL whose deliveries fail with "Connection refused", and a signed-in page of this size.</summary>
    private async Task<IPage> RefusedEndpointPageAsync(int width, int height)
    {
        var id = await console.CreateEndpointAsync($"Billing service (EU production) {Guid.NewGuid():N}"[..40], new Uri(RefusedUrl), "customer.created");
        await console.PublishAsync("customer.created", new { id = "c-1" });
        await console.WaitForDeliveriesAsync(id, "failed", 1);
        var page = await browser.NewPageAsync(console.App.BaseUrl);
        await page.SetViewportSizeAsync(width, height);
        await page.LogInAsync(OperationsConsole.AdminEmail, OperationsConsole.AdminPassword);
        return page;
    }

    [Fact]
    public async Task EndpointsGrid_ShowsEveryColumnBesideTheActions_WhenScreenIs1366Wide()
    {
        var page = await RefusedEndpointPageAsync(1366, 768);

        await page.GotoInteractiveAsync("/endpoints");
        await Expect(page.Locator(".endpoints-grid .last-error").First).ToHaveTextAsync("Connection refused");

        var layout = await page.EvaluateAsync<double[]>("""
            () => {
                const table = document.querySelector('.endpoints-grid .mud-table-container');
                const actions = document.querySelector('.endpoints-grid thead th.sticky-right').getBoundingClientRect().left;
                const rightmost = Math.max(...[...document.querySelectorAll('.endpoints-grid thead th:not(.sticky-right)')]
                    .filter(th => th.offsetParent !== null).map(th => th.getBoundingClientRect().right));
                return [table.scrollWidth, table.clientWidth, rightmost, actions];
            }
            """);
        Assert.True(layout[0] <= layout[1], $"the grid scrolls sideways: {layout[0]} px of content in {layout[1]} px");
        Assert.True(layout[2] <= layout[3] + 0.5, $"a column ends at {layout[2]} px, under the actions that start at {layout[3]} px");
        await Expect(page.Locator(".endpoints-grid tbody tr").First.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeInViewportAsync();
    }

    [Fact]
    public async Task DeliveriesGrid_ShowsConnectionRefusedWhole_WhenScreenIs1366Wide()
    {
        var page = await RefusedEndpointPageAsync(1366, 768);

        await page.GotoInteractiveAsync("/deliveries");
        var error = page.Locator(".deliveries-grid .last-error").First;
        await Expect(error).ToHaveTextAsync("Connection refused");

        // Cut text overflows its box: sideways when it is on one line, downwards when lines are clamped.
        var box = await error.EvaluateAsync<double[]>("e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]");
        Assert.True(box[0] <= box[1] && box[2] <= box[3], $"\"Connection refused\" is cut: {string.Join(", ", box)}");
    }
}
