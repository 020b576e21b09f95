using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Webhooks.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Webhooks.Tests.EndToEnd;

/// <summary>What admins do every day, in Chromium against the real console and loopback receivers.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class OperationsWorkflowTests(Browser browser, OperationsConsole console) : IClassFixture<OperationsConsole>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => browser.ClosePagesAsync();

    private async Task<IPage> SignedInPageAsync()
    {
        var page = await browser.NewPageAsync(console.App.BaseUrl);
        await page.LogInAsync(OperationsConsole.AdminEmail, OperationsConsole.AdminPassword);
        return page;
    }

    private static ILocator Dialog(IPage page) => page.GetByRole(AriaRole.Dialog);

    [Fact]
    public async Task TestDialog_ShowsReceiverAnswerInPlace_WhenEndpointIsHealthyOrFailing()
    {
        await using var healthy = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(200, "ok from healthy"));
        await using var failing = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500, "boom: database down"));
        await console.CreateEndpointAsync("Healthy receiver", healthy.Url, "customer.created");
        var failingId = await console.CreateEndpointAsync("Failing receiver", failing.Url, "customer.created");
        var page = await SignedInPageAsync();

        // From the list: the dialog opens on webhook.test with its sample payload, Send shows 200 and the body.
        await page.GotoInteractiveAsync("/endpoints");
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Healthy receiver" }).GetByRole(AriaRole.Button, new() { Name = "Test" }).ClickAsync();
        await Expect(Dialog(page).GetByLabel("Payload (JSON)")).ToHaveValueAsync(new Regex("test webhook"));
        await Dialog(page).GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(Dialog(page).Locator(".test-status")).ToHaveTextAsync("200");
        await Expect(Dialog(page).Locator(".test-response-body")).ToHaveTextAsync("ok from healthy");
        await Expect(Dialog(page).Locator(".test-request-headers")).ToContainTextAsync("X-Webhook-Signature: sha256=");
        Assert.Equal("webhook.test", (await healthy.WaitForRequestsAsync(1))[0].Headers["X-Webhook-Event"]);

        // From the detail page: invalid JSON is refused at the field, then the failure shows status and body.
        await page.GotoInteractiveAsync($"/endpoints/{failingId}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await Dialog(page).GetByLabel("Payload (JSON)").FillAsync("{not json");
        await Dialog(page).GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(Dialog(page).Locator(".field-error")).ToContainTextAsync("not valid JSON");
        Assert.Empty(failing.Requests);
        await Dialog(page).GetByLabel("Payload (JSON)").FillAsync("""{"probe": 1}""");
        await Dialog(page).GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(Dialog(page).Locator(".test-status")).ToHaveTextAsync("500");
        await Expect(Dialog(page).Locator(".test-response-body")).ToHaveTextAsync("boom: database down");

        // The test is kept in history, marked as a test.
        var tests = await console.WaitForDeliveriesAsync(failingId, "failed", 1);
        Assert.True(tests[0].GetProperty("test").GetBoolean());
    }

    [Fact]
    public async Task RetryNow_ShowsItsJobQueuedThenSucceeded_AndTheDashboardListsItReadOnlyForViewers()
    {
        // The first send fails; the manual one is held at the receiver until the page has shown it running.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(r => r.Index == 0
            ? new ReceiverResponse(503, "maintenance")
            : new ReceiverResponse(200, "ok") { Hold = release.Task });
        var endpointId = await console.CreateEndpointAsync("Flaky receiver", receiver.Url, "customer.updated", retry: false, timeoutSeconds: 30);
        await console.PublishAsync("customer.updated", new { id = "c-1" });
        var failed = await console.WaitForDeliveriesAsync(endpointId, "failed", 1);
        var deliveryId = failed[0].GetProperty("id").GetString()!;
        var page = await SignedInPageAsync();

        await page.GotoInteractiveAsync($"/deliveries/{deliveryId}");
        await Expect(page.Locator(".delivery-summary")).ToContainTextAsync("Failed");
        await Expect(page.Locator(".attempt-card .attempt-status")).ToHaveTextAsync("503");
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry now" }).ClickAsync();

        // No reload: the page follows the job through its live subscription.
        var job = page.Locator(".delivery-job");
        await Expect(job).ToContainTextAsync(new Regex("Retry now (queued|running)"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Retry now" })).ToBeDisabledAsync();
        await Expect(job).ToContainTextAsync("Retry now running");
        release.SetResult();
        await Expect(job).ToContainTextAsync("Retry now done: Succeeded");
        await Expect(page.Locator(".delivery-summary")).ToContainTextAsync("Succeeded");
        await Expect(page.Locator(".attempt-card")).ToHaveCountAsync(2);
        await Expect(page.Locator(".attempt-card").Nth(1)).ToContainTextAsync("manual");

        // The dashboard lists the job as Succeeded under the name the console links it by.
        var link = job.GetByRole(AriaRole.Link, new() { Name = "View job" });
        var jobName = await link.GetAttributeAsync("title");
        var jobId = (await link.GetAttributeAsync("href"))!.Split('/')[^1];
        Assert.Contains(deliveryId, jobName);
        // (The list cuts long names short; the job's own page shows the whole name.)
        await page.GotoAsync("/hangfire/jobs/succeeded");
        await Expect(page.Locator($"a.job-method[href$='/jobs/details/{jobId}']")).ToContainTextAsync($"Retry delivery {deliveryId}");
        await page.GotoAsync($"/hangfire/jobs/details/{jobId}");
        await Expect(page.Locator("h1")).ToContainTextAsync(jobName!);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Requeue" })).ToBeVisibleAsync();

        // A Viewer sees the job's state but no action: none on the delivery page, none in the dashboard.
        await page.GotoInteractiveAsync("/users");
        await page.GetByLabel("Email").FillAsync("jobs-viewer@example.com");
        await page.GetByLabel("Password").FillAsync("viewer-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "jobs-viewer@example.com" })).ToBeVisibleAsync();
        var viewer = await browser.NewPageAsync(console.App.BaseUrl);
        await viewer.LogInAsync("jobs-viewer@example.com", "viewer-password-1");
        await viewer.GotoInteractiveAsync($"/deliveries/{deliveryId}");
        await Expect(viewer.Locator(".delivery-job")).ToContainTextAsync("Retry now done: Succeeded");
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Retry now" })).ToHaveCountAsync(0);
        await Expect(viewer.Locator(".delivery-job a")).ToHaveCountAsync(0);
        await viewer.GotoAsync($"/hangfire/jobs/details/{jobId}");
        await Expect(viewer.Locator("h1")).ToContainTextAsync(jobName!);
        await Expect(viewer.Locator(".state-card-title").First).ToContainTextAsync("Succeeded");
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Requeue" })).ToHaveCountAsync(0);
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task StatusFilter_NarrowsTheGrid_WhenFailedIsChosen()
    {
        await using var good = await LoopbackReceiver.StartAsync();
        await using var bad = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(500));
        var goodId = await console.CreateEndpointAsync("Filter good", good.Url, "product.created");
        var badId = await console.CreateEndpointAsync("Filter bad", bad.Url, "product.created", retry: false);
        await console.PublishAsync("product.created", new { id = "p-1" });
        await console.WaitForDeliveriesAsync(goodId, "succeeded", 1);
        await console.WaitForDeliveriesAsync(badId, "failed", 1);
        var page = await SignedInPageAsync();

        await page.GotoInteractiveAsync("/deliveries");
        var rows = page.Locator(".deliveries-grid tbody tr").Filter(new() { HasText = "product.created" });
        await Expect(rows.Filter(new() { HasText = "Filter good" })).ToHaveCountAsync(1);
        await Expect(rows.Filter(new() { HasText = "Filter bad" })).ToHaveCountAsync(1);

        await page.Locator("#filter-status").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Failed", Exact = true }).ClickAsync();

        await Expect(rows.Filter(new() { HasText = "Filter good" })).ToHaveCountAsync(0);
        await Expect(rows.Filter(new() { HasText = "Filter bad" })).ToHaveCountAsync(1);
        await Expect(page.Locator(".deliveries-grid tbody tr").Filter(new() { HasText = "Succeeded" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Dashboard_RedrawsItsChartLive_WhenDeliveriesSettle()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var endpointId = await console.CreateEndpointAsync("Dashboard receiver", receiver.Url, "document.approved");
        var page = await SignedInPageAsync();
        await page.GotoInteractiveAsync("/");
        var legend = page.Locator(".delivery-chart-legend");
        await Expect(legend).ToContainTextAsync("Succeeded");
        async Task<int> SucceededAsync() => int.Parse(Regex.Match(await legend.InnerTextAsync(), @"Succeeded (\d+)").Groups[1].Value);

        // Two settled deliveries, two live redraws of the chart: the circuit must survive both.
        for (var round = 1; round <= 2; round++)
        {
            var before = await SucceededAsync();
            await console.PublishAsync("document.approved", new { id = $"doc-{round}" });
            await console.WaitForDeliveriesAsync(endpointId, "succeeded", round);
            await Eventually.WaitAsync(SucceededAsync, n => n > before, $"the chart to count delivery {round} without a reload");
        }
        await Expect(page.Locator(".delivery-chart path.mud-chart-bar").First).ToBeAttachedAsync();
    }

    [Fact]
    public async Task RecoverFailedSince_ShowsCountThenItsJobToTheEnd_WhenReceiverIsBack()
    {
        var up = false;
        await using var receiver = await LoopbackReceiver.StartAsync(_ => Volatile.Read(ref up) ? ReceiverResponse.Ok : new ReceiverResponse(502));
        var endpointId = await console.CreateEndpointAsync("Recovering receiver", receiver.Url, "document.uploaded", retry: false);
        await console.PublishAsync("document.uploaded", new { id = "d-1" });
        await console.PublishAsync("document.uploaded", new { id = "d-2" });
        await console.WaitForDeliveriesAsync(endpointId, "failed", 2);
        Volatile.Write(ref up, true);
        var page = await SignedInPageAsync();

        await page.GotoInteractiveAsync($"/endpoints/{endpointId}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Deliveries" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Recover failed since…" }).ClickAsync();
        await Expect(Dialog(page).Locator(".recover-count")).ToHaveTextAsync("2 deliveries will be re-queued.");
        Assert.Equal(2, (await console.DeliveriesAsync(endpointId, "failed")).Count);

        await Dialog(page).GetByRole(AriaRole.Button, new() { Name = "Recover 2" }).ClickAsync();
        // One Recover job re-queues them; the dialog follows it live to its end.
        await Expect(Dialog(page).Locator(".job-progress-text")).ToHaveTextAsync("Recover done: Succeeded, 2 of 2 deliveries re-queued");
        await console.WaitForDeliveriesAsync(endpointId, "succeeded", 2);
        Assert.Empty(await console.DeliveriesAsync(endpointId, "failed"));
    }

    [Fact]
    public async Task DemoEndpoint_LandsTestInInboxMarkedValid_WhenNoOtherServerExists()
    {
        var page = await SignedInPageAsync();

        await page.GotoInteractiveAsync("/inbox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create demo endpoint" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the demo endpoint" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test", Exact = true }).ClickAsync();
        await Dialog(page).GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(Dialog(page).Locator(".test-status")).ToHaveTextAsync("200");

        await page.GotoInteractiveAsync("/inbox");
        await page.Locator(".inbox-item a").First.ClickAsync();
        await Expect(page.Locator(".inbox-request").First).ToContainTextAsync("signature valid");
        await Expect(page.Locator(".inbox-request").First).ToContainTextAsync("webhook.test");
    }
}
