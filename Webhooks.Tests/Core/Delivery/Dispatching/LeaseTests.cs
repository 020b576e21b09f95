using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

/// <summary>Leases as several dispatchers see them, on each database (<see cref="SqliteLeaseTests"/>, <see cref="PostgreSqlLeaseTests"/>).</summary>
public abstract class LeaseTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    /// <summary>The database the tests run on.</summary>
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task RunAsync_ClaimsDeliveryAgain_WhenAnotherOwnersLeaseHasExpired()
    {
        // The loop alone, as one node among several sees the queue (DispatcherProcess would release
        // every foreign lease at once on SQLite, where a console is the only node).
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(start: false, provider: Provider);
        await host.AddEndpointAsync(receiver.Url);
        var abandoned = await host.Publisher.PublishAsync("customer.created", Data);
        var held = await host.Publisher.PublishAsync("customer.created", Data);
        var abandonedId = (await host.DeliveriesOfEventAsync(abandoned.EventId))[0].Id;
        var heldId = (await host.DeliveriesOfEventAsync(held.EventId))[0].Id;
        await using (var db = await host.DbAsync())
        {
            // A dispatcher that died mid-send, and one that is alive and still sending.
            await db.Deliveries.Where(d => d.Id == abandonedId).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.LeasedBy, "dead-host/1/aaaa").SetProperty(d => d.LeasedUntil, DateTime.UtcNow.AddSeconds(-1)));
            await db.Deliveries.Where(d => d.Id == heldId).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.LeasedBy, "live-host/2/bbbb").SetProperty(d => d.LeasedUntil, DateTime.UtcNow.AddHours(1)));
        }

        using var stop = new CancellationTokenSource();
        var loop = host.Dispatcher.RunAsync(stop.Token);

        var request = (await receiver.WaitForRequestsAsync(1))[0];
        Assert.Equal(abandonedId, request.Header("X-Webhook-Delivery"));
        var delivery = await host.WaitForDeliveryAsync(abandonedId, d => d.Status == DeliveryStatus.Succeeded, "the abandoned delivery to be re-sent");
        Assert.Null(delivery.LeasedBy);
        var stillHeld = await host.DeliveryAsync(heldId);
        Assert.Equal(DeliveryStatus.Pending, stillHeld.Status);
        Assert.Equal("live-host/2/bbbb", stillHeld.LeasedBy);
        Assert.Single(receiver.Requests);
        await stop.CancelAsync();
        await loop;
    }
}
