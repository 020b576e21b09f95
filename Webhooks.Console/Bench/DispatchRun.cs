using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;

namespace Webhooks.Console.Bench;

/// <summary>
/// Throughput of the real dispatcher: every event is published first (so the queue holds all
/// deliveries at once, the memory target's situation), then the dispatcher starts. Its warm-up is
/// the first tenth of the deliveries and on until the JIT is quiet (<see cref="JitActivity"/>), at
/// most half of them; the clock runs from there until the receiver has every delivery
/// and no delivery is Pending any more, that is until every attempt is persisted and settled.
/// </summary>
public static class DispatchRun
{
    /// <param name="DispatchPerSec">Deliveries received per second after the warm-up, until all were settled.</param>
    /// <param name="CpuMsPerDelivery">The process's CPU (all cores, the receiver's share included) per delivery after the warm-up.</param>
    public sealed record Figures(double PublishPerSec, double DispatchPerSec, int Published, long AttemptsPersisted, double CpuMsPerDelivery);

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
                if (Stopwatch.GetElapsedTime(publishStarted) > options.PhaseTimeout)
                    throw new BenchTimeoutException("publish", options.PhaseTimeout, $"{Volatile.Read(ref published)} deliveries published, of {options.Deliveries}");
                var result = await host.Publisher.PublishAsync(BenchPayload.LoadType, data);
                Interlocked.Add(ref published, result.Deliveries);
            }
        })));
        var publishPerSec = options.Events / Stopwatch.GetElapsedTime(publishStarted).TotalSeconds;
        log.WriteLine($"bench: published {options.Events} events, {published} deliveries pending ({publishPerSec:0}/s, {CpuMsSince(ref cpu) / options.Events:0.00} CPU ms each; peak resident set {PeakMemory.Megabytes():0} MB so far); starting the dispatcher");

        var started = Stopwatch.GetTimestamp();
        await using var progress = new DispatchProgress(receiver, log);
        await host.StartAsync();
        // The warm-up is timed apart, as the ceiling's is: the runtime compiles the dispatch path
        // again, optimised, once it is hot (tiered compilation); a console that has run a while did that long ago.
        var warmUp = published / 10;
        await BenchTimeoutException.WaitAsync("dispatch", receiver.DistinctReachedAsync(warmUp), options.PhaseTimeout,
            () => $"{receiver.Distinct} of {published} deliveries received (warm-up: {warmUp})");
        // Then on until the JIT is quiet, unless that would leave less than half of the deliveries to time.
        var timeLeft = options.PhaseTimeout - Stopwatch.GetElapsedTime(started);
        var jitQuiet = await JitActivity.WaitQuietAsync(Task.WhenAny(receiver.DistinctReachedAsync(published / 2), Task.Delay(timeLeft > TimeSpan.Zero ? timeLeft : TimeSpan.Zero)));
        var jitFrom = JitActivity.Total;
        var timedFrom = Stopwatch.GetTimestamp();
        var timedDistinct = receiver.Distinct;
        var warmUpCpu = CpuMsSince(ref cpu);
        var counters = WorkCounters.Now();
        await BenchTimeoutException.WaitAsync("dispatch", receiver.DistinctReachedAsync(published), options.PhaseTimeout,
            () => $"{receiver.Distinct} of {published} deliveries received", left: options.PhaseTimeout - Stopwatch.GetElapsedTime(started));
        await SettledAsync(host, published, options.PhaseTimeout, started);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var timed = Stopwatch.GetElapsedTime(timedFrom).TotalSeconds;
        var timedDeliveries = Math.Max(1, published - timedDistinct);
        var cpuPerDelivery = CpuMsSince(ref cpu) / timedDeliveries;
        var dispatchPerSec = (receiver.Distinct - timedDistinct) / timed;
        var work = counters.PerItemSince(timedDeliveries, "delivery");
        log.WriteLine($"bench: dispatched in {elapsed:0.0} s; after the first {timedDistinct} (the warm-up, {(elapsed - timed):0.0} s, {warmUpCpu / Math.Max(1, timedDistinct):0.000} CPU ms each, JIT {(jitQuiet ? "quiet" : "still busy")} at its end) {dispatchPerSec:0}/s, {cpuPerDelivery:0.000} CPU ms per delivery (receiver included), JIT {(JitActivity.Total - jitFrom).TotalMilliseconds:0} ms of it; {work}");

        await using var db = await host.DbAsync();
        var attempts = await db.DeliveryAttempts.LongCountAsync();
        return new Figures(publishPerSec, dispatchPerSec, published, attempts, Math.Round(cpuPerDelivery, 3));
    }

    /// <summary>Process CPU time (all cores) since <paramref name="since"/>, which moves on to now: tells work from waiting on a shared machine.</summary>
    public static double CpuMsSince(ref TimeSpan since)
    {
        var now = Process.GetCurrentProcess().TotalProcessorTime;
        var ms = (now - since).TotalMilliseconds;
        since = now;
        return ms;
    }

    /// <summary>Returns once no delivery is Pending (every attempt settled), polled every 20 ms; throws once <paramref name="limit"/> from <paramref name="started"/> has passed.</summary>
    private static async Task SettledAsync(BenchHost host, int published, TimeSpan limit, long started)
    {
        while (true)
        {
            await using (var db = await host.DbAsync())
            {
                var pending = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending);
                if (pending == 0)
                    return;
                if (Stopwatch.GetElapsedTime(started) > limit)
                    throw new BenchTimeoutException("dispatch", limit, $"all {published} deliveries received, {pending} not settled yet");
            }
            await Task.Delay(20);
        }
    }
}
