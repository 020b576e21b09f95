using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Endpoints;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Core.Jobs;
using Webhooks.Core.Persistence;

namespace Webhooks.Tests.Console.Endpoints;

/// <summary>
/// Recover from the endpoint's Deliveries tab, with no job server running: a Recover job stays
/// queued, so what the tab and the dialog show of a job under way is steady.
/// </summary>
public sealed class RecoverDialogTests : EndpointPageTestContext
{
    private static readonly DeliveryStatus[] FailedAndSkipped = [DeliveryStatus.Failed, DeliveryStatus.Skipped];

    /// <summary>Orders with two failed customer.created deliveries.</summary>
    private async Task<Webhooks.Core.Endpoints.Endpoint> EndpointWithFailedDeliveriesAsync()
    {
        await Services.GetRequiredService<EventTypeService>().CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        var endpoint = (await CreateEndpointAsync("Orders", i => i.Events = ["customer.created"])).Endpoint;
        var publisher = Services.GetRequiredService<IWebhookPublisher>();
        await publisher.PublishAsync("customer.created", new { id = "c-1" });
        await publisher.PublishAsync("customer.created", new { id = "c-2" });
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        await db.Deliveries.Where(d => d.EndpointId == endpoint.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Failed));
        return endpoint;
    }

    private IRenderedComponent<EndpointDeliveriesTab> RenderTab(Webhooks.Core.Endpoints.Endpoint endpoint, bool isAdmin = true) =>
        Render<EndpointDeliveriesTab>(p => p.Add(x => x.Endpoint, endpoint).Add(x => x.IsAdmin, isAdmin));

    [Fact]
    public async Task Cancel_CancelsTheRecoverAndShowsCancelled_WhenAdminPressesItInTheDialog()
    {
        var endpoint = await EndpointWithFailedDeliveriesAsync();
        var cut = RenderTab(endpoint);
        cut.WaitForAssertion(() => Button(cut, "Recover failed since…"));
        _ = Button(cut, "Recover failed since…").ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Equal("2 deliveries will be re-queued.", Dialogs.Find(".recover-count").TextContent.Trim()));
        PressInDialog("Recover 2");
        Dialogs.WaitForAssertion(() => Assert.Equal("Recover queued: 0 of 2 deliveries re-queued", Dialogs.Find(".job-progress-text").TextContent.Trim()));

        PressInDialog("Cancel");

        Dialogs.WaitForAssertion(() => Assert.Equal("Recover cancelled after 0 of 2 deliveries re-queued", Dialogs.Find(".job-progress-text").TextContent.Trim()));
        Assert.Equal(ConsoleJobState.Cancelled, (await Jobs.LatestRecoverAsync(endpoint.Id))!.State);
        Assert.DoesNotContain(Dialogs.FindAll("[role=dialog] button"), b => b.TextContent.Trim() == "Cancel");
    }

    [Fact]
    public async Task Dialog_ShowsTheRecoverUnderWayAndOffersNoSecond_WhenOneIsAlreadyQueued()
    {
        var endpoint = await EndpointWithFailedDeliveriesAsync();
        await Jobs.RecoverAsync(endpoint.Id, DateTime.UtcNow.AddDays(-1), FailedAndSkipped);
        var cut = RenderTab(endpoint);
        cut.WaitForAssertion(() => Button(cut, "Recover failed since…"));

        _ = Button(cut, "Recover failed since…").ClickAsync(new());

        Dialogs.WaitForAssertion(() => Assert.Contains("A Recover of this endpoint is already running; one at a time. Wait for it to end, or cancel it, before starting another.",
            Dialogs.Find(".recover-refused").TextContent));
        Assert.Equal("Recover queued: 0 of 2 deliveries re-queued", Dialogs.Find(".job-progress-text").TextContent.Trim());
        Assert.DoesNotContain(Dialogs.FindAll("[role=dialog] button"), b => b.TextContent.Trim().StartsWith("Recover "));
    }

    [Fact]
    public async Task Tab_ShowsTheRecoverUnderWayWithCancel_WhenAdminOpensIt()
    {
        var endpoint = await EndpointWithFailedDeliveriesAsync();
        var job = await Jobs.RecoverAsync(endpoint.Id, DateTime.UtcNow.AddDays(-1), FailedAndSkipped);

        var cut = RenderTab(endpoint);

        cut.WaitForAssertion(() => Assert.Equal("Recover queued: 0 of 2 deliveries re-queued", cut.Find(".endpoint-recover .job-progress-text").TextContent.Trim()));
        Assert.Equal($"/hangfire/jobs/details/{job.Id}", cut.Find(".endpoint-recover a.job-link").GetAttribute("href"));
        _ = Button(cut, "Cancel").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("Recover cancelled after 0 of 2 deliveries re-queued", cut.Find(".endpoint-recover .job-progress-text").TextContent.Trim()));
        Assert.Equal(ConsoleJobState.Cancelled, (await Jobs.GetAsync(job.Id))!.State);
    }

    [Fact]
    public async Task DetailPage_ShowsTheRecoverButNoAction_WhenViewerOpensTheDeliveriesTab()
    {
        var endpoint = await EndpointWithFailedDeliveriesAsync();
        await Jobs.RecoverAsync(endpoint.Id, DateTime.UtcNow.AddDays(-1), FailedAndSkipped);
        SignInAs(Webhooks.Console.Account.Roles.Viewer);

        var cut = Render<EndpointDetailPage>(p => p.Add(x => x.Id, endpoint.Id));
        cut.WaitForAssertion(() => cut.FindAll("[role=tab]").Single(t => t.TextContent.Trim() == "Deliveries").Click());

        cut.WaitForAssertion(() => Assert.Equal("Recover queued: 0 of 2 deliveries re-queued", cut.Find(".endpoint-recover .job-progress-text").TextContent.Trim()));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".deliveries-grid tbody tr").Count));
        Assert.False(HasButton(cut, "Cancel"));
        Assert.False(HasButton(cut, "Recover failed since…"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim().StartsWith("Retry selected"));
        Assert.Empty(cut.FindAll(".endpoint-recover a"));
        Assert.Empty(cut.FindAll(".deliveries-grid input[type=checkbox]"));
    }
}
