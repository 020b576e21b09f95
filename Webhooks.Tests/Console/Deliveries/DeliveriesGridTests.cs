using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Deliveries;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Core.Jobs;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console.Deliveries;

public sealed class DeliveriesGridTests : ConsolePageTestContext, IAsyncLifetime
{
    private string _ordersId = "", _billingId = "";

    /// <summary>Orders gets a succeeded customer.created and a failed customer.updated; Billing a pending customer.created.</summary>
    private async Task SeedAsync()
    {
        var types = Services.GetRequiredService<EventTypeService>();
        await types.CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        await types.CreateAsync(new EventTypeInput { Name = "customer.updated" }, "seed");
        _ordersId = (await CreateEndpointAsync("Orders", i => i.Events = ["customer.*"])).Endpoint.Id;
        _billingId = (await CreateEndpointAsync("Billing", i => i.Events = ["customer.created"])).Endpoint.Id;
        var publisher = Services.GetRequiredService<IWebhookPublisher>();
        await publisher.PublishAsync("customer.created", new { id = "c-1" });
        await publisher.PublishAsync("customer.updated", new { id = "c-1" });
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        await db.Deliveries.Where(d => d.EndpointId == _ordersId && d.EventType == "customer.created")
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Succeeded).SetProperty(d => d.LastStatusCode, 200));
        await db.Deliveries.Where(d => d.EndpointId == _ordersId && d.EventType == "customer.updated")
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.LastStatusCode, 500));
    }

    // The dialog host must exist before a dialog opens, or it never shows it.
    public Task InitializeAsync()
    {
        _ = Dialogs;
        return Task.CompletedTask;
    }

    /// <summary>Presses a button of the open dialog, once it is there; not awaited, the page waits on the dialog.</summary>
    private void PressInDialog(string text)
    {
        Dialogs.WaitForAssertion(() => Assert.Contains(Dialogs.FindAll("[role=dialog] button"), b => b.TextContent.Trim() == text));
        _ = Dialogs.FindAll("[role=dialog] button").Single(b => b.TextContent.Trim() == text).ClickAsync(new());
    }

    // MudBlazor's services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static List<string> Rows(IRenderedComponent<DeliveriesGrid> cut) =>
        cut.FindAll(".deliveries-grid tbody tr").Select(r => string.Join(" ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();

    /// <summary>Opens the select whose input has this id and picks the option with this text (options render in the popover host).</summary>
    private void Choose(IRenderedComponent<DeliveriesGrid> cut, string inputId, string option)
    {
        var popovers = Popovers;
        cut.Find("#" + inputId).Closest(".mud-input-control")!.MouseDown();
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-popover-open [role=option]"), o => o.TextContent.Trim() == option));
        popovers.FindAll(".mud-popover-open [role=option]").First(o => o.TextContent.Trim() == option).Click();
    }

    [Fact]
    public async Task Grid_ListsEveryDeliveryNewestFirst_WhenNoFilterIsSet()
    {
        await SeedAsync();

        var cut = Render<DeliveriesGrid>();

        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));
        Assert.Contains("customer.updated", Rows(cut)[0]);
    }

    [Fact]
    public async Task Grid_ShowsOnlyFailedRows_WhenStatusFilterIsFailed()
    {
        await SeedAsync();
        var cut = Render<DeliveriesGrid>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        Choose(cut, "filter-status", "Failed");

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("customer.updated", Rows(cut)[0]);
        Assert.Contains("Failed", Rows(cut)[0]);
    }

    [Fact]
    public async Task Grid_ShowsOnlyThatTypesRows_WhenEventTypeFilterIsSet()
    {
        await SeedAsync();
        var cut = Render<DeliveriesGrid>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        Choose(cut, "filter-event-type", "customer.created");

        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));
        Assert.All(Rows(cut), r => Assert.Contains("customer.created", r));
    }

    [Fact]
    public async Task Grid_ShowsOnlyThatEndpointsRows_WhenEndpointFilterIsSet()
    {
        await SeedAsync();
        var cut = Render<DeliveriesGrid>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        Choose(cut, "filter-endpoint", "Billing");

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("Pending", Rows(cut)[0]);
    }

    [Fact]
    public async Task Grid_HidesOlderRows_WhenTimeRangeIsLastHour()
    {
        await SeedAsync();
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
            await db.Deliveries.Where(d => d.EndpointId == _billingId).ExecuteUpdateAsync(u => u.SetProperty(d => d.CreatedAt, DateTime.UtcNow.AddHours(-3)));
        var cut = Render<DeliveriesGrid>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        Choose(cut, "filter-range", "Last hour");

        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));
        Assert.DoesNotContain(Rows(cut), r => r.Contains("Billing"));
    }

    [Fact]
    public async Task Grid_ShowsNewDeliveries_WhenTheNotifierReportsAChange()
    {
        await SeedAsync();
        var cut = Render<DeliveriesGrid>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        await Services.GetRequiredService<IWebhookPublisher>().PublishAsync("customer.created", new { id = "c-2" });
        Assert.Equal(3, Rows(cut).Count);
        LiveUpdates.Fire();

        cut.WaitForAssertion(() => Assert.Equal(5, Rows(cut).Count));
    }

    [Fact]
    public async Task RetrySelected_QueuesOneJobForTheTickedRows_WhenAdminClicksIt()
    {
        await SeedAsync();
        var cut = Render<DeliveriesGrid>(p => p.Add(g => g.Selectable, true));
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        Choose(cut, "filter-status", "Failed");
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        cut.Find(".deliveries-grid tbody tr input[type=checkbox]").Change(true);
        cut.WaitForAssertion(() => Assert.Equal("Retry selected (1)", RetryButton(cut).TextContent.Trim()));
        _ = RetryButton(cut).ClickAsync(new());
        Dialogs.WaitForAssertion(() => Assert.Contains("Send the selected delivery again now?", Dialogs.Find("[role=dialog]").TextContent));
        PressInDialog("Retry 1");

        // No job server runs here: the one job for the batch waits in the queue, and the grid says so.
        cut.WaitForAssertion(() => Assert.Equal("Retry selected queued: 0 of 1 delivery sent", cut.Find(".job-progress-text").TextContent.Trim()));
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        var retried = await db.Deliveries.SingleAsync(d => d.EndpointId == _ordersId && d.EventType == "customer.updated");
        var job = await Jobs.LatestForDeliveryAsync(retried.Id);
        Assert.Equal((ConsoleJobKind.RetrySelected, ConsoleJobState.Queued, 1), (job!.Kind, job.State, job.Total));
        Assert.Equal($"/hangfire/jobs/details/{job.Id}", cut.Find(".job-progress a.job-link").GetAttribute("href"));
    }

    [Fact]
    public async Task RetrySelected_SaysHowManyAndThatDeliveredOnesGoAgain_ThenCancelChangesNothing()
    {
        await SeedAsync();
        var cut = Render<DeliveriesGrid>(p => p.Add(g => g.Selectable, true));
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        cut.Find(".deliveries-grid thead input[type=checkbox]").Change(true);
        cut.WaitForAssertion(() => Assert.Equal("Retry selected (3)", RetryButton(cut).TextContent.Trim()));
        _ = RetryButton(cut).ClickAsync(new());

        Dialogs.WaitForAssertion(() => Assert.Contains("Send the 3 selected deliveries again now? 1 of them already succeeded and will be sent to the receiver again.",
            Dialogs.Find("[role=dialog]").TextContent));
        PressInDialog("Cancel");
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[role=dialog]")));
        await using var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();
        foreach (var id in await db.Deliveries.Select(d => d.Id).ToListAsync())
            Assert.Null(await Jobs.LatestForDeliveryAsync(id));
        Assert.Equal(DeliveryStatus.Succeeded, (await db.Deliveries.SingleAsync(d => d.EndpointId == _ordersId && d.EventType == "customer.created")).Status);
        Assert.Empty(cut.FindAll(".job-progress"));
    }

    [Fact]
    public async Task Grid_OrdersByEventType_WhenItsHeaderIsClicked()
    {
        await SeedAsync();
        var cut = Render<DeliveriesGrid>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));

        cut.FindAll(".deliveries-grid th .sortable-column-header").Single(h => h.TextContent.Trim() == "Event type").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            ["customer.created", "customer.created", "customer.updated"],
            Rows(cut).Select(r => r.Contains("customer.updated") ? "customer.updated" : "customer.created")));
    }

    [Fact]
    public async Task Row_OpensItsDelivery_WhenClicked()
    {
        await SeedAsync();
        var cut = Render<DeliveriesGrid>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));
        var first = cut.Find(".deliveries-grid tbody tr");
        var deliveryId = first.QuerySelector("a[href^='deliveries/']")!.GetAttribute("href")!["deliveries/".Length..];

        first.Click();

        Assert.EndsWith($"/deliveries/{deliveryId}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    /// <summary>The "Last status" cell of each row, by the column's header.</summary>
    private static List<AngleSharp.Dom.IElement> LastStatusCells(IRenderedComponent<DeliveriesGrid> cut)
    {
        var column = cut.FindAll(".deliveries-grid thead th").ToList().FindIndex(th => th.TextContent.Trim() == "Last status");
        return cut.FindAll(".deliveries-grid tbody tr").Select(r => r.QuerySelectorAll("td")[column]).ToList();
    }

    /// <summary>Billing's one delivery ended with this status after attempts whose last got no answer; the grid shows Billing's deliveries.</summary>
    private async Task<IRenderedComponent<DeliveriesGrid>> RenderBillingAsync(DeliveryStatus status, int attempts, string error)
    {
        await SeedAsync();
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync())
            await db.Deliveries.Where(d => d.EndpointId == _billingId).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, status).SetProperty(d => d.AttemptCount, attempts).SetProperty(d => d.LastError, error));
        return Render<DeliveriesGrid>(p => p.Add(g => g.EndpointId, _billingId));
    }

    [Fact]
    public async Task LastStatus_ReadsSkippedWithTheEarlierErrorAsDetail_WhenASkippedDeliveryHadFailedAttempts()
    {
        var cut = await RenderBillingAsync(DeliveryStatus.Skipped, attempts: 2, "Connection refused");

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        var cell = LastStatusCells(cut).Single();
        Assert.Equal("Skipped", cell.TextContent.Trim());
        Assert.Empty(cell.QuerySelectorAll(".mud-error-text"));
        Assert.Contains("Connection refused", cell.QuerySelector("[title]")!.GetAttribute("title"));
    }

    [Fact]
    public async Task LastStatus_ShowsTheError_WhenAFailedDeliveryGotNoAnswer()
    {
        var cut = await RenderBillingAsync(DeliveryStatus.Failed, attempts: 4, "Connection refused");

        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        var error = LastStatusCells(cut).Single().QuerySelector(".last-error.mud-error-text")!;
        Assert.Equal("Connection refused", error.TextContent.Trim());
        Assert.Equal("Connection refused", error.GetAttribute("title"));
    }

    [Fact]
    public async Task RetrySelected_IsNotOffered_WhenGridIsNotSelectable()
    {
        await SeedAsync();

        var cut = Render<DeliveriesGrid>();

        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));
        Assert.Empty(cut.FindAll(".deliveries-grid input[type=checkbox]"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim().StartsWith("Retry selected"));
    }

    private static AngleSharp.Dom.IElement RetryButton(IRenderedComponent<DeliveriesGrid> cut) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim().StartsWith("Retry selected"));
}
