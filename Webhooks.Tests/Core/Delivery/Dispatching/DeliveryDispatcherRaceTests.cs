using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

/// <summary>
/// Interleavings that a loaded machine produces now and then, made to happen every time: a thread
/// of the dispatcher is held at a known point (<see cref="LogGate"/>) while the rest goes on. On
/// each database (<see cref="SqliteDeliveryDispatcherRaceTests"/>, <see cref="PostgreSqlDeliveryDispatcherRaceTests"/>):
/// the claim that meets the retry is written per database.
/// </summary>
public abstract class DeliveryDispatcherRaceTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    /// <summary>The database the tests run on.</summary>
    protected abstract DatabaseProvider Provider { get; }

    [Fact]
    public async Task RunAsync_SendsRetry_WhenItFallsDueBeforeTheSendThatScheduledItHasLetGo()
    {
        var requests = 0;
        await using var refusesOnce = await LoopbackReceiver.StartAsync(_ => Interlocked.Increment(ref requests) == 1 ? new ReceiverResponse(503) : ReceiverResponse.Ok);
        await using var other = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(start: false, provider: Provider);
        // Holds the send's task after its 503 is recorded and the retry scheduled, before it lets go of the delivery.
        using var gate = new LogGate(line => line.StartsWith("Error sending webhook to", StringComparison.Ordinal));
        host.Services.GetRequiredService<ILoggerFactory>().AddProvider(gate);
        await host.AddEndpointAsync(refusesOnce.Url, subscriptions: ["customer.created"]);
        await host.AddEndpointAsync(other.Url, subscriptions: ["customer.updated"]);
        await host.StartAsync();

        var published = await host.Publisher.PublishAsync("customer.created", Data);
        var id = Assert.Single(await host.DeliveriesOfEventAsync(published.EventId)).Id;
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(10));
        var scheduled = await host.DeliveryAsync(id);
        Assert.Equal(DeliveryStatus.Pending, scheduled.Status);
        Assert.Single(scheduled.Attempts);
        await Eventually.WaitAsync(() => Task.FromResult(DateTime.UtcNow), now => now > scheduled.NextAttemptAt, "the retry to fall due");

        // Due after the retry: the round that sends it reads the retry as due as well.
        await host.Publisher.PublishAsync("customer.updated", Data);
        await other.WaitForRequestsAsync(1);
        gate.Open();

        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Succeeded, "the retry sent and recorded");
        Assert.Equal(2, delivery.Attempts.Count);
        Assert.Equal(2, refusesOnce.Requests.Count);
        // A task lets go of its delivery before it gives its permit back: wait for both.
        await Eventually.WaitAsync(() => Task.FromResult((Held: host.Dispatcher.Held, Capacity: host.Dispatcher.Permits.Snapshot())),
            s => s.Held == 0 && s.Capacity.FreeSlots == s.Capacity.Slots && s.Capacity.InFlight.Count == 0, "the dispatcher to hold nothing and every permit back",
            describe: s => $"held {s.Held}, {s.Capacity.FreeSlots} of {s.Capacity.Slots} slots free, {s.Capacity.InFlight.Count} endpoints in flight");
    }
}
