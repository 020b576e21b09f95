using Microsoft.Playwright;
using Webhooks.Tests.Console.Api;
using static Microsoft.Playwright.Assertions;

namespace Webhooks.Tests.EndToEnd;

/// <summary>The API reference at /api/docs, as a browser loads it: it renders the document and asks nothing of another host.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ApiReferencePageTests(Browser browser, ConsoleServer server) : IClassFixture<ConsoleServer>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.ClosePagesAsync();

    [Fact]
    public async Task ReferencePage_RendersTheApiAndRequestsOnlyThisServer_WhenOpened()
    {
        var page = await browser.NewPageAsync(server.BaseAddress.ToString());
        var requested = new List<string>();
        page.Request += (_, request) => { lock (requested) requested.Add(request.Url); };

        // A 5 MB script to parse, then a document to lay out: far longer than a console page on a busy machine.
        await page.GotoAsync("/api/docs", new() { WaitUntil = WaitUntilState.Commit });
        var rendered = new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 };
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks API" }).First).ToBeVisibleAsync(rendered);
        // The webhooks section, grouped by event group like the operations by tag.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "customer", Exact = true })).ToBeVisibleAsync(rendered);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        lock (requested)
        {
            Assert.Contains(requested, url => url.EndsWith("/openapi/v1.json", StringComparison.Ordinal));
            var elsewhere = requested.Where(url => new Uri(url) is var uri && uri.Scheme is "http" or "https" && uri.Authority != server.BaseAddress.Authority).ToList();
            Assert.True(elsewhere.Count == 0, "requests left the machine: " + string.Join(", ", elsewhere));
        }
    }
}
