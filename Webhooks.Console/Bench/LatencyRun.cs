using System.Diagnostics;
using System.Text.Json;

namespace Webhooks.Console.Bench;

/// <summary>
/// Publish → first attempt, timed from the moment a publish was due to the moment the receiver
/// saw the request. Events are due at a fixed rate and published without waiting for each other
/// (up to 64 at once), so a slow publish shows as latency instead of slowing the rate down.
/// Each event goes to one endpoint (<see cref="BenchPayload.SingleType"/>): R events/s is R deliveries/s.
/// The first <see cref="BenchOptions.LatencyWarmUpSeconds"/> of events are published and delivered
/// like the rest but counted apart (<see cref="Figures.WarmUpP99Ms"/>), as the ceiling warms up
/// before it counts: right after the throughput phase, deliveries of the first quarter second came
/// up to ~100 ms late while database contexts were set up for a kind of load the phase before had
/// not had. That is the switch between phases, not the steady rate the percentiles are about.
/// </summary>
public static class LatencyRun
{
    public sealed record Figures(double P50Ms, double P95Ms, double P99Ms, double WarmUpP99Ms, double IdlePickupMs, int Published);

    public static async Task<Figures> RunAsync(BenchHost host, BenchReceiver receiver, BenchOptions options, TextWriter log)
    {
        var data = BenchPayload.Data(options.PayloadBytes);
        var warmUp = (int)(options.Rate * options.LatencyWarmUpSeconds);
        var total = warmUp + Math.Max(1, (int)(options.Rate * options.LatencySeconds));
        var due = new long[total];
        var ids = new string?[total];
        var started = new long[total];
        var returned = new long[total];
        using var inFlight = new SemaphoreSlim(64);
        var tasks = new List<Task>(total);
        var begin = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            due[i] = begin + (long)(i * (double)Stopwatch.Frequency / options.Rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due[i]);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            if (!await inFlight.WaitAsync(options.PhaseTimeout - Stopwatch.GetElapsedTime(begin) is { Ticks: > 0 } left ? left : TimeSpan.Zero))
                throw new BenchTimeoutException("latency", options.PhaseTimeout, $"{i} of {total} events published, {CountArrived(receiver, ids)} arrived");
            var n = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    started[n] = Stopwatch.GetTimestamp();
                    ids[n] = (await host.Publisher.PublishAsync(BenchPayload.SingleType, data)).EventId;
                    returned[n] = Stopwatch.GetTimestamp();
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(tasks);
        var achieved = total / Stopwatch.GetElapsedTime(begin).TotalSeconds;
        await BenchTimeoutException.WaitAsync("latency", () => CountArrived(receiver, ids) == total, options.PhaseTimeout,
            () => $"all {total} events published at {achieved:0}/s, {CountArrived(receiver, ids)} arrived", pollMs: 20);

        var warmUpLatencies = new List<double>(warmUp);
        var latencies = new List<double>(total - warmUp);
        for (var i = 0; i < total; i++)
            if (receiver.TryGetArrival(0, ids[i]!, out var arrived))
                (i < warmUp ? warmUpLatencies : latencies).Add(Stopwatch.GetElapsedTime(due[i], arrived).TotalMilliseconds);
        log.WriteLine($"bench: latency phase published {total} events at {achieved:0}/s, {warmUpLatencies.Count + latencies.Count} arrived; " +
            $"p50 due → publish called {Percentile(Spans(due, started), 50)} ms, publish call {Percentile(Spans(started, returned), 50)} ms; " +
            $"the first {warmUp} (warm-up, not counted): p50 {Percentile(warmUpLatencies, 50)} ms, p99 {Percentile(warmUpLatencies, 99)} ms");

        var idle = await IdlePickupAsync(host, receiver, options, data);
        return new Figures(Percentile(latencies, 50), Percentile(latencies, 95), Percentile(latencies, 99), Percentile(warmUpLatencies, 99), idle, total);
    }

    /// <summary>One event into a quiet system, several times: the dispatcher is asleep and only publish's wake-up gets it going.</summary>
    private static async Task<double> IdlePickupAsync(BenchHost host, BenchReceiver receiver, BenchOptions options, JsonElement data)
    {
        var samples = new List<double>();
        for (var i = 0; i < options.IdleRepeats; i++)
        {
            // Long enough for the dispatcher to go back to sleep; uneven so it never lines up with its poll.
            await Task.Delay(250 + 37 * i);
            var start = Stopwatch.GetTimestamp();
            var id = (await host.Publisher.PublishAsync(BenchPayload.SingleType, data)).EventId;
            var arrived = 0L;
            await BenchTimeoutException.WaitAsync("idle pickup", () => receiver.TryGetArrival(0, id, out arrived), options.PhaseTimeout,
                () => $"event {i + 1} of {options.IdleRepeats} published into the idle console, not arrived", pollMs: 1);
            samples.Add(Stopwatch.GetElapsedTime(start, arrived).TotalMilliseconds);
        }
        return Percentile(samples, 50);
    }

    private static int CountArrived(BenchReceiver receiver, string?[] ids) =>
        ids.Count(id => id is not null && receiver.TryGetArrival(0, id, out _));

    private static List<double> Spans(long[] from, long[] to) =>
        from.Zip(to, (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).ToList();

    /// <summary>Nearest-rank percentile; 0 for no samples.</summary>
    public static double Percentile(List<double> values, int p)
    {
        if (values.Count == 0)
            return 0;
        var sorted = values.Order().ToList();
        return Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)], 2);
    }
}
