using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Retention;
using Webhooks.Core.Events;
using Webhooks.Tests.Support;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Tests.Core.Delivery;

public class RetentionServiceTests
{
    [Fact]
    public async Task PurgeAsync_DeletesOldFinishedHistory_WhenOlderThanRetentionButKeepsPending()
    {
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Retention:BatchSize"] = "10" }, start: false);
        var (endpoint, _) = await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"));
        var old = DateTime.UtcNow.AddDays(-40);
        var recent = DateTime.UtcNow.AddDays(-1);
        await using (var db = await host.DbAsync())
        {
            for (var i = 0; i < 25; i++)
                Add(db, $"old{i}", old, DeliveryStatus.Succeeded, withAttempt: true);
            Add(db, "oldpending", old, DeliveryStatus.Pending, withAttempt: true);
            Add(db, "recent", recent, DeliveryStatus.Failed, withAttempt: true);
            await db.SaveChangesAsync();
        }

        var (deliveries, events) = await host.Services.GetRequiredService<RetentionService>().PurgeAsync(CancellationToken.None);

        Assert.Equal(25, deliveries);
        Assert.Equal(25, events);
        await using var check = await host.DbAsync();
        Assert.Equal(["dlv_oldpending", "dlv_recent"], await check.Deliveries.OrderBy(d => d.Id).Select(d => d.Id).ToListAsync());
        Assert.Equal(["evt_oldpending", "evt_recent"], await check.Events.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync());
        Assert.Equal(2, await check.DeliveryAttempts.CountAsync());

        void Add(Webhooks.Core.Persistence.WebhooksDbContext db, string name, DateTime at, DeliveryStatus status, bool withAttempt)
        {
            db.Events.Add(new Event { Id = "evt_" + name, Type = "customer.created", OccurredAt = at });
            db.Deliveries.Add(new DeliveryEntity { Id = "dlv_" + name, EventId = "evt_" + name, EndpointId = endpoint.Id, EventType = "customer.created", Status = status, CreatedAt = at });
            if (withAttempt)
                db.DeliveryAttempts.Add(new DeliveryAttempt { DeliveryId = "dlv_" + name, Number = 1, StartedAt = at });
        }
    }
}
