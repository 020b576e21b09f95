using System.Diagnostics;
using System.Text.Json;
using Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace Webhooks.Tests.Core.Delivery;

public class PublishLatencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PublishAsync_WakesDispatcherAtOnce_WhenPollIntervalIsLong()
    {
        // With a 30 s poll, only the publish wake-up can get a delivery out within the waits below.
        await using var receiver = await LoopbackReceiver.StartAsync();
        await using var host = await DeliveryTestHost.CreateAsync(new Dictionary<string, string?> { ["Webhooks:Delivery:MaxPollInterval"] = "00:00:30" });
        await host.AddEndpointAsync(receiver.Url);
        var data = JsonSerializer.SerializeToElement(new { id = "123", name = "Zhang San" });
        await host.Publisher.PublishAsync("customer.created", data); // warm-up: JIT, connection pool
        await receiver.WaitForRequestsAsync(1);

        const int runs = 50;
        var toReceiver = new List<double>();
        var publishCall = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await host.Publisher.PublishAsync("customer.created", data);
            publishCall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var request = (await receiver.WaitForRequestsAsync(i + 2, TimeSpan.FromSeconds(5)))[i + 1];
            toReceiver.Add(Stopwatch.GetElapsedTime(start, request.ReceivedTimestamp).TotalMilliseconds);
        }

        output.WriteLine($"publish -> first attempt at receiver, {runs} sequential events, one endpoint, SQLite file (WAL):");
        output.WriteLine($"  PublishAsync call: p50 {Percentile(publishCall, 50):0.0} ms, p90 {Percentile(publishCall, 90):0.0} ms, max {publishCall.Max():0.0} ms");
        output.WriteLine($"  to receiver:       p50 {Percentile(toReceiver, 50):0.0} ms, p90 {Percentile(toReceiver, 90):0.0} ms, max {toReceiver.Max():0.0} ms");
        Assert.Equal(runs + 1, receiver.Requests.Count);
    }

    private static double Percentile(List<double> values, int p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
