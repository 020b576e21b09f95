using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;

namespace Webhooks.Console.Bench;

/// <summary>
/// Throughput of the real dispatcher: every event is published first (so the queue holds all
/// deliveries at once, the memory target's situation), then the dispatcher starts and the clock
/// runs until the receiver has every delivery and no delivery is Pending any more, that is until
/// every attempt is persisted and settled.
/// </summary>
public static class DispatchRun
{
    public sealed record Figures(double PublishPerSec, double DispatchPerSec, int Published, long AttemptsPersisted);

    public static async Task<Figures> RunAsync(BenchHost host, BenchReceiver receiver, BenchOptions options, TextWriter log)
    {
        var data = BenchPayload.Data(options.PayloadBytes);
        var published = 0;
        var next = -1;
        var publishStarted = Stopwatch.GetTimestamp();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        // Two publishers: one's EF work overlaps the other's commit; SQLite takes one writer at a time anyway.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < options.Events)
            {
                var result = await host.Publisher.PublishAsync(BenchPayload.LoadType, data);
                Interlocked.Add(ref published, result.Deliveries);
            }
        })));
        var publishPerSec = options.Events / Stopwatch.GetElapsedTime(publishStarted).TotalSeconds;
        log.WriteLine($"bench: published {options.Events} events, {published} deliveries pending ({publishPerSec:0}/s, {CpuMsSince(ref cpu) / options.Events:0.00} CPU ms each); starting the dispatcher");

        var started = Stopwatch.GetTimestamp();
        await host.StartAsync();
        var done = await BenchReceiver.WaitUntilAsync(() => receiver.Distinct >= published, options.PhaseTimeout)
                   && await SettledAsync(host, options.PhaseTimeout);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        log.WriteLine($"bench: dispatched in {elapsed:0.0} s, {CpuMsSince(ref cpu) / Math.Max(1, published):0.000} CPU ms per delivery (receiver included)");
        if (!done)
            log.WriteLine($"bench: dispatch phase timed out with {receiver.Distinct} of {published} received");

        await using var db = await host.DbAsync();
        var attempts = await db.DeliveryAttempts.LongCountAsync();
        return new Figures(publishPerSec, receiver.Distinct / elapsed, published, attempts);
    }

    /// <summary>Process CPU time (all cores) since <paramref name="since"/>, which moves on to now: tells work from waiting on a shared machine.</summary>
    public static double CpuMsSince(ref TimeSpan since)
    {
        var now = Process.GetCurrentProcess().TotalProcessorTime;
        var ms = (now - since).TotalMilliseconds;
        since = now;
        return ms;
    }

    /// <summary>True once no delivery is Pending (every attempt settled), polled every 20 ms.</summary>
    public static async Task<bool> SettledAsync(BenchHost host, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < timeout)
        {
            await using (var db = await host.DbAsync())
            {
                if (!await db.Deliveries.AnyAsync(d => d.Status == DeliveryStatus.Pending))
                    return true;
            }
            await Task.Delay(20);
        }
        return false;
    }
}
