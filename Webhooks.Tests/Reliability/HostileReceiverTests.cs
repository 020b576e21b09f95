using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Webhooks.Core.Delivery;
using Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// Receivers that hang, trickle, flood, redirect, say Gone or ask to come back in decades, all on
/// loopback and all at once: each case is recorded for what it is, and a healthy endpoint next to
/// them gets every delivery while they misbehave. Assertions are on outcomes, never on durations.
/// </summary>
public sealed class HostileReceiverTests(ITestOutputHelper output)
{
    private const int MaxResponseBytes = 64 * 1024;
    private const int PerEndpoint = 4;
    private static readonly JsonElement Data = JsonSerializer.SerializeToElement(new { id = "123" });

    [Fact]
    public async Task Dispatcher_RecordsEachHostileAnswerAndKeepsOthersFlowing_WhenReceiversMisbehave()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hang = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = release.Task });
        await using var trickle = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Write = TrickleAsync });
        await using var flood = new FloodingReceiver(100L * 1024 * 1024);
        await using var target = await LoopbackReceiver.StartAsync();
        await using var redirect = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(302, Headers: new Dictionary<string, string> { ["Location"] = target.Url.ToString() }));
        await using var gone = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(410));
        await using var throttled = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse(429, Headers: new Dictionary<string, string> { ["Retry-After"] = "2147483647" }));
        await using var held = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = release.Task });
        await using var healthy = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Delivery:MaxResponseBytes"] = MaxResponseBytes.ToString(),
            ["Webhooks:Delivery:MaxConcurrencyPerEndpoint"] = PerEndpoint.ToString(),
        });

        // The hostile ones get one document event each, and no retries, so each records exactly one attempt.
        string[] hostileOnly = ["document.uploaded"];
        async Task<string> Hostile(Uri url, int timeout = 2, bool retry = false) =>
            (await host.AddEndpointAsync(url, e => { e.RetryEnabled = retry; e.TimeoutSeconds = timeout; }, hostileOnly)).Endpoint.Id;
        var (hangId, trickleId, floodId, redirectId, goneId, throttledId) = (await Hostile(hang.Url, 1), await Hostile(trickle.Url),
            await Hostile(flood.Url, 30), await Hostile(redirect.Url), await Hostile(gone.Url), await Hostile(throttled.Url, retry: true));
        var heldId = (await host.AddEndpointAsync(held.Url, e => e.TimeoutSeconds = 30, ["customer.*"])).Endpoint.Id;
        var healthyId = (await host.AddEndpointAsync(healthy.Url, subscriptions: ["customer.*"])).Endpoint.Id;

        var hostileEvent = await host.Publisher.PublishAsync("document.uploaded", Data);
        var customerEvents = new List<string>();
        for (var i = 0; i < 20; i++)
            customerEvents.Add((await host.Publisher.PublishAsync("customer.created", Data)).EventId);

        // Healthy: all 20 arrive while the held receiver still sits on its first sends and the rest of its queue waits.
        await healthy.WaitForRequestsAsync(20, TimeSpan.FromSeconds(30));
        await Eventually.WaitAsync(async () => (await ByEndpointAsync(host, customerEvents, healthyId)).All(d => d.Status == DeliveryStatus.Succeeded), "healthy deliveries Succeeded", TimeSpan.FromSeconds(30));
        await held.WaitForRequestsAsync(PerEndpoint, TimeSpan.FromSeconds(30));
        Assert.All(await ByEndpointAsync(host, customerEvents, heldId), d => Assert.Equal(DeliveryStatus.Pending, d.Status));

        var hostile = await Eventually.WaitAsync(() => host.DeliveriesOfEventAsync(hostileEvent.EventId), ds => ds.All(d => d.Attempts.Count == 1 && (d.Status != DeliveryStatus.Pending || d.EndpointId == throttledId)),
            "one settled attempt per hostile receiver", TimeSpan.FromSeconds(60));
        DeliveryAttempt Attempt(string endpointId) => hostile.Single(d => d.EndpointId == endpointId).Attempts.Single();

        Assert.Equal(AttemptErrorKind.Timeout, Attempt(hangId).ErrorKind);
        Assert.Equal(AttemptErrorKind.Timeout, Attempt(trickleId).ErrorKind);

        var flooded = Attempt(floodId);
        Assert.True(flooded.Succeeded);
        Assert.True(flooded.ResponseBodyTruncated);
        Assert.Equal(MaxResponseBytes, flooded.ResponseBody!.Length);
        // The dispatcher hung up after its share: the 100 MB were never pulled off the socket.
        await Eventually.WaitAsync(() => Task.FromResult(flood.CutOff + flood.Completed == 1), "the flood to end", TimeSpan.FromSeconds(60));
        Assert.Equal(1, flood.CutOff);

        Assert.Equal(302, Attempt(redirectId).ResponseStatus);
        Assert.False(Attempt(redirectId).Succeeded);
        Assert.Equal(0, target.Connections);

        Assert.Equal(410, Attempt(goneId).ResponseStatus);
        Assert.Contains("410 Gone", (await host.EndpointAsync(goneId)).DisabledReason);

        // Retry-After of 68 years: waits the configured cap (1 h), no more, and stays Pending.
        var throttledDelivery = hostile.Single(d => d.EndpointId == throttledId);
        Assert.Equal(DeliveryStatus.Pending, throttledDelivery.Status);
        var wait = throttledDelivery.NextAttemptAt!.Value - throttledDelivery.Attempts.Single().StartedAt;
        Assert.InRange(wait, TimeSpan.FromHours(1), TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        Assert.Equal(PerEndpoint, held.Requests.Count); // its limit held all along: the rest of its queue waited, nothing else did
        release.SetResult();
        await Eventually.WaitAsync(async () => (await ByEndpointAsync(host, customerEvents, heldId)).All(d => d.Status == DeliveryStatus.Succeeded), "held deliveries Succeeded once released", TimeSpan.FromSeconds(60));
        output.WriteLine($"hostile: hang→{Attempt(hangId).Error}; trickle→{Attempt(trickleId).Error}; flood→{flooded.ResponseBody.Length} bytes kept of 100 MB; redirect→302 not followed; 410→disabled; 429→next in {wait.TotalMinutes:0} min; healthy 20/20 while held");
    }

    private static async Task<List<Delivery>> ByEndpointAsync(DeliveryTestHost host, IEnumerable<string> eventIds, string endpointId)
    {
        var all = new List<Delivery>();
        foreach (var id in eventIds)
            all.AddRange((await host.DeliveriesOfEventAsync(id)).Where(d => d.EndpointId == endpointId));
        return all;
    }

    // One byte a second, for a minute: headers came quickly, the body never completes within the timeout.
    private static async Task TrickleAsync(HttpResponse response, CancellationToken ct)
    {
        await response.StartAsync(ct);
        for (var i = 0; i < 60; i++)
        {
            await response.Body.WriteAsync("x"u8.ToArray(), ct);
            await response.Body.FlushAsync(ct);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }
}
