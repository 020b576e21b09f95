using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

public class DispatcherProcessTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    [Fact]
    public async Task Execute_ResumesAtOnce_WhenAnEarlierProcessDiedHoldingLeases()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        await host.AddEndpointAsync(receiver.Url);
        var sending = await host.Publisher.PublishAsync("customer.created", Data);
        var testing = await host.Publisher.PublishAsync("customer.created", Data);
        var sendingId = (await host.DeliveriesOfEventAsync(sending.EventId))[0].Id;
        var testId = (await host.DeliveriesOfEventAsync(testing.EventId))[0].Id;
        var leasedUntil = DateTime.UtcNow.AddHours(1);
        await using (var db = await host.DbAsync())
        {
            // What a console killed mid-send leaves: a delivery it had claimed, and a test whose answer it was waiting for.
            await db.Deliveries.Where(d => d.Id == sendingId).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.LeasedBy, "dead-host:1:aaaa").SetProperty(d => d.LeasedUntil, leasedUntil).SetProperty(d => d.UnsettledClaims, 1));
            await db.Deliveries.Where(d => d.Id == testId).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.IsTest, true).SetProperty(d => d.NextTrigger, AttemptTrigger.Test).SetProperty(d => d.NextAttemptAt, leasedUntil)
                .SetProperty(d => d.LeasedBy, "dead-host:1:aaaa").SetProperty(d => d.LeasedUntil, leasedUntil).SetProperty(d => d.UnsettledClaims, 1));
        }

        await host.StartAsync();

        var resent = await host.WaitForDeliveryAsync(sendingId, d => d.Status == DeliveryStatus.Succeeded, "the abandoned delivery sent again");
        Assert.True(resent.LastAttemptAt < leasedUntil);
        var test = await host.WaitForDeliveryAsync(testId, d => d.Status == DeliveryStatus.Failed, "the abandoned test ended");
        Assert.Equal(DeliveryDispatcher.InterruptedTest, test.LastError);
        Assert.Empty(test.Attempts);
        Assert.Equal([sendingId], receiver.Requests.Select(r => r.Header("X-Webhook-Delivery")));
        await host.WaitForLogAsync(l => l.Contains("Resumed 2 deliveries leased by a console that stopped"), "the resume logged");
    }
}
