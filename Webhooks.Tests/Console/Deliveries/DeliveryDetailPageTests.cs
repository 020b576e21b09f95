using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Console.Deliveries;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Console.Endpoints;

namespace Webhooks.Tests.Console.Deliveries;

public sealed class DeliveryDetailPageTests : EndpointPageTestContext
{
    private Task<WebhooksDbContext> DbAsync() => Services.GetRequiredService<IDbContextFactory<WebhooksDbContext>>().CreateDbContextAsync();

    /// <summary>One customer.created delivery to Orders, in <paramref name="status"/>.</summary>
    private async Task<string> DeliveryAsync(DeliveryStatus status)
    {
        await Services.GetRequiredService<EventTypeService>().CreateAsync(new EventTypeInput { Name = "customer.created" }, "seed");
        var endpointId = (await CreateEndpointAsync("Orders", i => i.Events = ["customer.created"])).Endpoint.Id;
        await Services.GetRequiredService<IWebhookPublisher>().PublishAsync("customer.created", new { id = "c-1" });
        await using var db = await DbAsync();
        await db.Deliveries.Where(d => d.EndpointId == endpointId)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, status).SetProperty(d => d.NextAttemptAt, (DateTime?)null));
        return await db.Deliveries.Where(d => d.EndpointId == endpointId).Select(d => d.Id).SingleAsync();
    }

    private async Task<Delivery> StoredAsync(string id)
    {
        await using var db = await DbAsync();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == id);
    }

    [Fact]
    public async Task RetryNow_AsksFirstAndCancelChangesNothing_WhenDeliveryAlreadySucceeded()
    {
        var id = await DeliveryAsync(DeliveryStatus.Succeeded);
        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Button(cut, "Retry now"));

        _ = Button(cut, "Retry now").ClickAsync(new());

        Dialogs.WaitForAssertion(() => Assert.Contains("This delivery already succeeded: the receiver answered with success. Retry now sends it to the endpoint again", Dialog.TextContent));
        PressInDialog("Cancel");
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[role=dialog]")));
        Assert.Equal(DeliveryStatus.Succeeded, (await StoredAsync(id)).Status);
        Assert.DoesNotContain("Queued for a manual attempt.", cut.Markup);
    }

    [Fact]
    public async Task RetryNow_QueuesAgain_WhenAdminConfirmsSendingADeliveredOneAgain()
    {
        var id = await DeliveryAsync(DeliveryStatus.Succeeded);
        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Button(cut, "Retry now"));

        _ = Button(cut, "Retry now").ClickAsync(new());
        PressInDialog("Send again");

        cut.WaitForAssertion(() => Assert.Contains("Queued for a manual attempt.", cut.Markup));
        var stored = await StoredAsync(id);
        Assert.Equal(DeliveryStatus.Pending, stored.Status);
        Assert.Equal(AttemptTrigger.Manual, stored.NextTrigger);
    }

    [Fact]
    public async Task RetryNow_QueuesWithoutAsking_WhenDeliveryFailed()
    {
        var id = await DeliveryAsync(DeliveryStatus.Failed);
        var cut = Render<DeliveryDetailPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Button(cut, "Retry now"));

        Button(cut, "Retry now").Click();

        cut.WaitForAssertion(() => Assert.Contains("Queued for a manual attempt.", cut.Markup));
        Assert.Empty(Dialogs.FindAll("[role=dialog]"));
        Assert.Equal(DeliveryStatus.Pending, (await StoredAsync(id)).Status);
    }
}
