using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public class RateLimitTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    [Fact]
    public async Task Dispatcher_SpacesAttemptsByRate_WhenEndpointHasRateLimit()
    {
        await using var limited = await LoopbackReceiver.StartAsync();
        await using var free = await LoopbackReceiver.StartAsync();
        // The clock stands still until the reserved slots have been read: on a busy machine the first
        // slot could otherwise come due, and its delivery go, before the test sees both reserved.
        var clock = new FrozenTimeProvider();
        await using var host = await DeliveryTestHost.CreateAsync(start: false, time: clock);
        var (endpoint, _) = await host.AddEndpointAsync(limited.Url, e => e.RateLimitPerSecond = 1, subscriptions: ["customer.*"]);
        await host.AddEndpointAsync(free.Url, subscriptions: ["document.*"]);
        for (var i = 0; i < 3; i++)
            await host.Publisher.PublishAsync("customer.created", Data);
        for (var i = 0; i < 3; i++)
            await host.Publisher.PublishAsync("document.uploaded", Data);

        await host.StartAsync();

        // The unlimited endpoint gets everything at once; the limited one one now, two given back with reserved slots.
        await free.WaitForRequestsAsync(3);
        var reserved = await Eventually.WaitAsync(async () =>
        {
            await using var db = await host.DbAsync();
            return await db.Deliveries.Where(d => d.EndpointId == endpoint.Id && d.Status == DeliveryStatus.Pending && d.LeasedBy == null)
                .ToDictionaryAsync(d => d.Id, d => d.NextAttemptAt!.Value);
        }, r => r.Count == 2, "two deliveries rescheduled by the rate gate");
        var slots = reserved.Values.Order().ToList();
        Assert.Equal(TimeSpan.FromSeconds(1), slots[1] - slots[0]);
        // The allowed one runs on its own task, and on a busy machine may reach the receiver after
        // the other two were given back: wait for it. The clock stands still, so nothing else can follow.
        await limited.WaitForRequestsAsync(1);
        Assert.Single(limited.Requests);

        clock.Advance(TimeSpan.FromSeconds(3));
        await limited.WaitForRequestsAsync(3);
        await using var check = await host.DbAsync();
        var attempts = await check.DeliveryAttempts.Where(a => reserved.Keys.Contains(a.DeliveryId)).ToListAsync();
        Assert.All(attempts, a => Assert.True(a.StartedAt >= reserved[a.DeliveryId], "sent before its reserved slot"));
        var first = await check.DeliveryAttempts.Where(a => !reserved.Keys.Contains(a.DeliveryId) && check.Deliveries.Any(d => d.Id == a.DeliveryId && d.EndpointId == endpoint.Id)).SingleAsync();
        // The first slot was reserved 1/rate after the allowed attempt's reservation, which preceded its start.
        Assert.True(slots[0] - first.StartedAt <= TimeSpan.FromSeconds(1));
    }
}
