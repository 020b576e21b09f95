using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

/// <summary>
/// Faults of our own side, injected into the real SQLite database (a renamed table, a trigger, a
/// corrupt column) rather than into mocks: the dispatcher keeps its capacity, and every delivery
/// still ends in a truthful state with the error recorded.
/// </summary>
public sealed class DeliveryDispatcherFaultTests
{
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    [Fact]
    public async Task RunAsync_GivesEveryPermitBack_WhenLoadingClaimedDeliveriesFails()
    {
        const int perEndpoint = 2;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = release.Task });
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Delivery:MaxConcurrency"] = "4",
            ["Webhooks:Delivery:MaxConcurrencyPerEndpoint"] = perEndpoint.ToString(),
            ["Webhooks:Delivery:MaxPollInterval"] = "00:00:00.050",
        }, start: false);
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url, e => e.TimeoutSeconds = 30);
        for (var i = 0; i < 6; i++)
            await host.Publisher.PublishAsync("customer.created", Data);

        // The load joins Events: with the table away, every load after a successful claim fails.
        await RenameAsync(host, "Events", "EventsAway");
        await host.StartAsync();
        await host.WaitForLogAsync(l => l.Contains("Delivery dispatcher loop failed"), "three failed loads", count: 3);
        await RenameAsync(host, "EventsAway", "Events");

        // Both of the endpoint's slots work again, and no more than both.
        await receiver.WaitForRequestsAsync(perEndpoint);
        var permits = host.Dispatcher.Permits;
        Assert.Equal(perEndpoint, permits.InFlight(endpoint.Id));
        Assert.Equal(permits.Slots - perEndpoint, permits.FreeSlots);

        release.SetResult();
        await Eventually.WaitAsync(async () =>
        {
            await using var db = await host.DbAsync();
            return await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Succeeded);
        }, n => n == 6, "all six delivered");
        await Eventually.WaitAsync(() => Task.FromResult(host.Dispatcher.Held), n => n == 0, "the dispatcher to hold nothing");
        Assert.Equal(permits.Slots, permits.FreeSlots);
        Assert.Equal(0, permits.Unfinished);
        Assert.Equal(0, permits.InFlight(endpoint.Id));
        Assert.Equal(6, receiver.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_FailsDeliveryWithTheError_WhenItsAttemptCanNeverBeRecorded()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        await host.AddEndpointAsync(receiver.Url);
        var result = await host.Publisher.PublishAsync("customer.created", Data);
        var id = (await host.DeliveriesOfEventAsync(result.EventId))[0].Id;
        await using (var db = await host.DbAsync())
        {
            // Every settle of this one delivery fails, as a broken disk page or a bug of ours would make it.
            var trigger = $"""
                CREATE TRIGGER "RefuseAttempts" BEFORE INSERT ON "DeliveryAttempts" WHEN NEW."DeliveryId" = '{id}'
                BEGIN SELECT RAISE(ABORT, 'attempt refused by the test'); END
                """;
            await db.Database.ExecuteSqlRawAsync(trigger);
        }

        await host.StartAsync();

        var delivery = await host.WaitForDeliveryAsync(id, d => d.Status == DeliveryStatus.Failed, "the delivery given up");
        Assert.StartsWith("Given up after 4 tries that ended without a recorded result.", delivery.LastError);
        Assert.Contains("attempt refused by the test", delivery.LastError);
        Assert.Null(delivery.NextAttemptAt);
        Assert.Null(delivery.LeasedBy);
        Assert.Empty(delivery.Attempts);
        Assert.Equal(4, receiver.Requests.Count);
    }

    [Fact]
    public async Task RunAsync_FailsOnlyTheUnreadableDelivery_WhenAStoredColumnDoesNotDecode()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(start: false);
        var (broken, _) = await host.AddEndpointAsync(receiver.Url);
        var (healthy, _) = await host.AddEndpointAsync(receiver.Url);
        var result = await host.Publisher.PublishAsync("customer.created", Data);
        await using (var db = await host.DbAsync())
            await db.Database.ExecuteSqlAsync($"""UPDATE "Endpoints" SET "CustomHeaders" = {"{not json"} WHERE "Id" = {broken.Id}""");

        await host.StartAsync();

        var deliveries = await Eventually.WaitAsync(() => host.DeliveriesOfEventAsync(result.EventId),
            ds => ds.All(d => d.Status != DeliveryStatus.Pending), "both deliveries settled");
        var failed = deliveries.Single(d => d.EndpointId == broken.Id);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.StartsWith("The delivery could not be read from the database", failed.LastError);
        Assert.Equal(DeliveryStatus.Succeeded, deliveries.Single(d => d.EndpointId == healthy.Id).Status);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task RunAsync_EndsTestAsInterruptedWithoutSending_WhenItsLeaseRanOutUnsettled()
    {
        var clock = new ShiftedTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = release.Task });
        await using var host = await DeliveryTestHost.CreateAsync(start: false, time: clock);
        var (endpoint, _) = await host.AddEndpointAsync(receiver.Url, e => e.TimeoutSeconds = 30);
        var sending = host.Actions.SendTestAsync(endpoint.Id);
        await receiver.WaitForRequestsAsync(1);
        string testId;
        await using (var db = await host.DbAsync())
            testId = await db.Deliveries.Where(d => d.IsTest).Select(d => d.Id).SingleAsync();

        // As after a crash: the sender's lease is over and its answer was never recorded.
        clock.Advance(TimeSpan.FromMinutes(3));
        await host.StartAsync();

        var test = await host.WaitForDeliveryAsync(testId, d => d.Status != DeliveryStatus.Pending, "the test ended");
        Assert.Equal(DeliveryStatus.Failed, test.Status);
        Assert.Equal(DeliveryDispatcher.InterruptedTest, test.LastError);
        Assert.Null(test.NextAttemptAt);
        Assert.Single(receiver.Requests);
        release.SetResult();
        await sending;
    }

    private static async Task RenameAsync(DeliveryTestHost host, string from, string to)
    {
        await using var db = await host.DbAsync();
        var rename = $"""ALTER TABLE "{from}" RENAME TO "{to}" """;
        await db.Database.ExecuteSqlRawAsync(rename);
    }
}
