using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// A receiver that answers 503 to everything for longer than the whole retry schedule, then comes
/// back: nothing is lost on the way, and recovery after re-enabling delivers every event.
/// </summary>
public sealed class OutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Threshold = 5; // appsettings.json: DisableAfterConsecutiveFailures
    private readonly DeliveringConsoleServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Dispatcher_KeepsEveryDeliveryThroughOutage_WhenReceiverRefusesWholeSchedule()
    {
        var down = true;
        await using var receiver = await LoopbackReceiver.StartAsync(_ => Volatile.Read(ref down) ? new ReceiverResponse(503, "down for maintenance") : ReceiverResponse.Ok);
        var api = new WebhooksApiDriver(_server.Client());
        var since = DateTime.UtcNow.AddMinutes(-1);
        var endpointId = await api.CreateEndpointAsync(receiver.Url);

        var duringOutage = await api.PublishManyAsync(12, parallel: 4);
        var settled = await Eventually.WaitAsync(() => DeliveriesAsync(endpointId), ds => ds.Count == 12 && ds.All(d => d.Status != DeliveryStatus.Pending),
            "every delivery settled during the outage", TimeSpan.FromSeconds(30), Describe);

        // Failed ones ran the whole schedule (1 + 3 retries), each attempt on record; the threshold disabled the endpoint,
        // and what was still queued then was kept as Skipped.
        var failed = settled.Where(d => d.Status == DeliveryStatus.Failed).ToList();
        Assert.True(failed.Count >= Threshold, $"{failed.Count} Failed");
        Assert.All(failed, d => Assert.Equal(4, d.Attempts.Count));
        Assert.All(failed.SelectMany(d => d.Attempts), a => Assert.Equal(503, a.ResponseStatus));
        Assert.All(settled, d => Assert.Contains(d.Status, new[] { DeliveryStatus.Failed, DeliveryStatus.Skipped }));
        var endpoint = await api.EndpointAsync(endpointId);
        Assert.False(endpoint.GetProperty("enabled").GetBoolean());
        Assert.Contains($"after {Threshold} failed deliveries in a row", endpoint.GetProperty("disabledReason").GetString());

        var sentDuringOutage = receiver.Requests.Count;
        var whileDisabled = await api.PublishManyAsync(5, parallel: 1);
        var skipped = await DeliveriesAsync(endpointId);
        Assert.All(skipped.Where(d => whileDisabled.Contains(d.EventId)), d => { Assert.Equal(DeliveryStatus.Skipped, d.Status); Assert.Empty(d.Attempts); });
        Assert.Equal(sentDuringOutage, receiver.Requests.Count);

        Volatile.Write(ref down, false);
        (await api.Client.PostAsync($"/api/v1/webhooks/{endpointId}/toggle", null)).EnsureSuccessStatusCode();
        Assert.Equal(17, await api.RecoverAsync(endpointId, since));
        await api.WaitForAllSucceededAsync(endpointId, 17, TimeSpan.FromSeconds(30));

        var seen = receiver.Requests.Skip(sentDuringOutage).Select(r => r.Header("X-Webhook-ID")).ToHashSet();
        Assert.All(duringOutage.Concat(whileDisabled), id => Assert.Contains(id, seen));
        output.WriteLine($"outage: 17 events, {failed.Count} Failed after {failed.Sum(d => d.Attempts.Count)} attempts, {17 - failed.Count} Skipped, all 17 Succeeded after recovery");
    }

    private static string Describe(List<DeliveryEntity> deliveries) => string.Join("; ", deliveries.Select(d =>
        $"{d.Id} {d.Status} attempts={d.Attempts.Count} next={d.NextAttemptAt:HH:mm:ss.fff} leasedUntil={d.LeasedUntil:HH:mm:ss.fff} claims={d.UnsettledClaims} error={d.LastError}"));

    private async Task<List<DeliveryEntity>> DeliveriesAsync(string endpointId)
    {
        await using var db = await _server.DbAsync();
        return await db.Deliveries.AsNoTracking().Include(d => d.Attempts).Where(d => d.EndpointId == endpointId).ToListAsync();
    }
}
