using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Events;

/// <summary>Publishing, on each database (<see cref="SqliteWebhookPublisherTests"/>, <see cref="PostgreSqlWebhookPublisherTests"/>).</summary>
public abstract class WebhookPublisherTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123", name = "Zhang San" });

    /// <summary>The database the tests run on.</summary>
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task PublishAsync_DeliversToEverySubscribedEndpoint_WhenSubscribedByNameGroupOrStar()
    {
        await using var a = await LoopbackReceiver.StartAsync();
        await using var b = await LoopbackReceiver.StartAsync();
        await using var c = await LoopbackReceiver.StartAsync();
        await using var other = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(provider: Provider);
        await host.AddEndpointAsync(a.Url, subscriptions: ["customer.created"]);
        await host.AddEndpointAsync(b.Url, subscriptions: ["customer.*"]);
        await host.AddEndpointAsync(c.Url, subscriptions: ["*"]);
        await host.AddEndpointAsync(other.Url, subscriptions: ["document.*", "customer.updated"]);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        Assert.Equal(3, result.Deliveries);
        Assert.False(result.Duplicate);
        Assert.StartsWith("evt_", result.EventId);
        foreach (var receiver in new[] { a, b, c })
            Assert.Equal(result.EventId, (await receiver.WaitForRequestsAsync(1))[0].Header("X-Webhook-ID"));
        var deliveries = await Eventually.WaitAsync(() => host.DeliveriesOfEventAsync(result.EventId),
            ds => ds.All(d => d.Status == DeliveryStatus.Succeeded), "all three deliveries to succeed");
        Assert.All(deliveries, d => Assert.StartsWith("dlv_", d.Id));
        Assert.Empty(other.Requests);
        await host.WaitForLogAsync(l => l.Contains("Triggering 3 webhooks for event customer.created"), "the fan-out logged");
    }

    [Fact]
    public async Task PublishAsync_ReturnsPendingAndWakesIdleDispatcher_WhenReceiverHasNotAnswered()
    {
        // A one-minute poll: only the publish's own wake-up gets the delivery out while the test waits.
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = answer.Task });
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:MaxPollInterval"] = "00:01:00" }, provider: Provider);
        await host.AddEndpointAsync(receiver.Url);

        // Held receiver: a publish that waited for the delivery would never return.
        var result = await host.Publisher.PublishAsync("customer.created", Data).WaitAsync(TimeSpan.FromSeconds(30));

        var delivery = Assert.Single(await host.DeliveriesOfEventAsync(result.EventId));
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(result.EventId, (await receiver.WaitForRequestsAsync(1))[0].Header("X-Webhook-ID"));
        Assert.Equal(DeliveryStatus.Pending, (await host.DeliveriesOfEventAsync(result.EventId))[0].Status);
        answer.SetResult();
        await host.WaitForDeliveryAsync(delivery.Id, d => d.Status == DeliveryStatus.Succeeded, "the answered delivery to succeed");
    }

    [Fact]
    public async Task PublishAsync_ReturnsFirstEventAndWritesNothing_WhenIdempotencyKeyRepeats()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(provider: Provider);
        await host.AddEndpointAsync(receiver.Url);

        var first = await host.Publisher.PublishAsync("customer.created", Data, idempotencyKey: "order-42");
        var second = await host.Publisher.PublishAsync("customer.created", Data, idempotencyKey: "order-42");

        Assert.Equal(first.EventId, second.EventId);
        Assert.True(second.Duplicate);
        Assert.Equal(1, second.Deliveries);
        await using var db = await host.DbAsync();
        Assert.Equal(1, await db.Events.CountAsync());
        Assert.Equal(1, await db.Deliveries.CountAsync());
    }

    [Theory]
    [InlineData("customer.nope", PublishErrorCode.UnknownEventType)]
    [InlineData("customer.legacy", PublishErrorCode.ArchivedEventType)]
    public async Task PublishAsync_ThrowsAndWritesNothing_WhenTypeIsUnknownOrArchived(string type, PublishErrorCode code)
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false, provider: Provider);
        await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"));

        var error = await Assert.ThrowsAsync<PublishException>(() => host.Publisher.PublishAsync(type, Data));

        Assert.Equal(code, error.Code);
        Assert.Contains(type, error.Message);
        await using var db = await host.DbAsync();
        Assert.Equal(0, await db.Events.CountAsync());
        Assert.Equal(0, await db.Deliveries.CountAsync());
    }

    [Fact]
    public async Task PublishAsync_Throws_WhenPayloadIsTooLargeOrNotAnObject()
    {
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Events:MaxPayloadBytes"] = "100" }, start: false, provider: Provider);

        var large = JsonSerializer.SerializeToElement(new { text = new string('x', 200) });
        Assert.Equal(PublishErrorCode.PayloadTooLarge, (await Assert.ThrowsAsync<PublishException>(() => host.Publisher.PublishAsync("customer.created", large))).Code);
        var array = JsonSerializer.SerializeToElement(new[] { 1, 2 });
        Assert.Equal(PublishErrorCode.InvalidPayload, (await Assert.ThrowsAsync<PublishException>(() => host.Publisher.PublishAsync("customer.created", array))).Code);
        await using var db = await host.DbAsync();
        Assert.Equal(0, await db.Events.CountAsync());
    }

    [Fact]
    public async Task PublishAsync_AcceptsBuiltInTestType_WhenCatalogHasNoRowForIt()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false, provider: Provider);

        var result = await host.Publisher.PublishAsync(EventType.TestEventName, new { message = "hi" });

        Assert.StartsWith("evt_", result.EventId);
    }

    [Fact]
    public async Task PublishAsync_WritesSkippedDelivery_WhenEndpointIsDisabled()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false, provider: Provider);
        var (endpoint, _) = await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"), e => e.IsEnabled = false);

        var result = await host.Publisher.PublishAsync("customer.created", Data);

        var delivery = Assert.Single(await host.DeliveriesOfEventAsync(result.EventId));
        Assert.Equal(DeliveryStatus.Skipped, delivery.Status);
        Assert.Equal(endpoint.Id, delivery.EndpointId);
        Assert.Null(delivery.NextAttemptAt);
    }
}
