using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Webhooks.Tests.EndToEnd;
using Webhooks.Tests.Support;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// Script and markup in everything a user or a receiver can put in front of an admin (names,
/// descriptions, headers, payloads, inbox requests) are shown as text on every
/// page, in Chromium against the real console: no dialog opens, no element of theirs appears.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class XssTests(Browser browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "xss-test-key-0123456789abcdef";
    private const string AdminEmail = "admin@example.com";
    private const string AdminPassword = "admin-password-1";
    // Every injected element carries data-xss, so one query finds any that got through; every script would set window.__xss.
    private const string Name = "<img src=x onerror=\"window.__xss=1;alert('name')\" data-xss>";
    private const string Markup = "<script data-xss>window.__xss=1;alert('script')</script><svg data-xss onload=\"window.__xss=1;alert('svg')\"></svg><a data-xss href=\"javascript:alert('link')\">link</a>";
    private ConsoleProcess _app = default!;

    public async Task InitializeAsync() => _app = await ConsoleProcess.StartAsync(null, $"--Webhooks:Bootstrap:ApiKey={ApiKey}",
        $"--Webhooks:Bootstrap:AdminEmail={AdminEmail}", $"--Webhooks:Bootstrap:AdminPassword={AdminPassword}",
        "--Webhooks:Delivery:AllowHttp=true", "--Webhooks:Delivery:AllowPrivateNetworks=true");

    public async Task DisposeAsync()
    {
        await browser.ClosePagesAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Pages_ShowMarkupAsText_WhenEveryFieldCarriesScript()
    {
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500, Markup + Name, new Dictionary<string, string> { ["X-Receiver"] = Name }));
        var api = new WebhooksApiDriver(_app.Client(ApiKey));
        (await api.Client.PostAsJsonAsync("/api/v1/event-types", new { name = "xss.created", description = Markup, samplePayload = new { html = Markup } })).EnsureSuccessStatusCode();
        var endpointId = await api.CreateEndpointAsync(receiver.Url, Name, new Dictionary<string, object?>
        {
            ["description"] = Markup, ["headers"] = new Dictionary<string, string> { ["X-Xss"] = Name }, ["retryEnabled"] = false,
        });
        var published = await api.Client.PostAsJsonAsync("/api/v1/events", new { @event = "xss.created", data = new Dictionary<string, string> { ["html"] = Markup, [Name] = Name }, metadata = new { who = Name } });
        published.EnsureSuccessStatusCode();
        await Eventually.WaitAsync(() => api.StatsAsync(endpointId), s => s.GetProperty("failed").GetInt32() == 1, "the delivery failed with the markup body");
        var logs = await api.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/webhooks/{endpointId}/logs?status=failed");
        var deliveryId = logs.GetProperty("items")[0].GetProperty("id").GetString();

        var page = await browser.NewPageAsync(_app.BaseUrl);
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            lock (dialogs) dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        };
        await page.LogInAsync(AdminEmail, AdminPassword);
        var token = await CreateInboxAsync(page);
        using (var anonymous = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) })
        {
            using var inboxPost = new HttpRequestMessage(HttpMethod.Post, $"/inbox/{token}") { Content = new StringContent(Markup + Name, Encoding.UTF8, "text/html") };
            inboxPost.Headers.TryAddWithoutValidation("X-Xss", Name);
            (await anonymous.SendAsync(inboxPost)).EnsureSuccessStatusCode();
        }

        // Each page, and the text that proves the hostile data was rendered there (as text).
        var pages = new (string Path, string Shows)[]
        {
            ("/", Name),
            ("/endpoints", Name),
            ($"/endpoints/{endpointId}", Markup),
            ($"/deliveries/{deliveryId}", Markup + Name),
            ("/deliveries", Name),
            ("/events", "xss.created"),
            ("/event-types", Markup),
            ($"/inbox?token={token}", Markup + Name),
            ("/audit", "xss.created"),
        };
        foreach (var (path, shows) in pages)
        {
            await page.GotoInteractiveAsync(path);
            await Expect(page.Locator("main")).ToContainTextAsync(shows);
            Assert.Equal(0, await page.Locator("[data-xss]").CountAsync());
            Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        }

        // The Test dialog shows the receiver's markup answer and headers in place, as text.
        await page.GotoInteractiveAsync($"/endpoints/{endpointId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator(".test-response-body")).ToContainTextAsync(Markup + Name);
        await Expect(page.Locator(".test-response-headers")).ToContainTextAsync(Name);
        Assert.Equal(0, await page.Locator("[data-xss]").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));

        Assert.Empty(dialogs);
        output.WriteLine($"xss: {pages.Length} pages and the Test dialog, hostile names, descriptions, headers, payloads, inbox bodies shown as text; no dialog, no injected element");
    }

    private static async Task<string> CreateInboxAsync(IPage page)
    {
        await page.GotoInteractiveAsync("/inbox");
        await page.GetByLabel("Inbox name").FillAsync(Name);
        await page.GetByRole(AriaRole.Button, new() { Name = "New inbox" }).ClickAsync();
        var address = page.Locator(".inbox-item .mono").First;
        await Expect(address).ToContainTextAsync("/inbox/");
        return Regex.Match(await address.InnerTextAsync(), "/inbox/([^/\\s]+)").Groups[1].Value;
    }
}
