namespace Webhooks.Console.Bench;

/// <summary>
/// The dispatcher's warm-up before it is timed, as long as a ceiling's: a console of its own (its own
/// database, its own endpoints on the same receiver) publishes and dispatches rounds of deliveries
/// for at least <see cref="BenchOptions.DispatchWarmUpSeconds"/> and on until the JIT is quiet (at
/// most ten rounds more), then goes. The code the runtime compiled stays for the console that is timed.
/// Without it the dispatcher was timed from its first tenth or, at most, half of its deliveries, about
/// 5 s in: still compiling (up to 464 ms of JIT in a timed part of 3 s), while the ceiling it is read
/// against had run for 10 s first.
/// </summary>
public static class DispatchWarmUp
{
    /// <summary>Deliveries a round publishes, and dispatches before the next (fewer when the run has fewer).</summary>
    public const int RoundDeliveries = 10_000;

    /// <exception cref="BenchTimeoutException">A round took longer than the phase may.</exception>
    public static async Task RunAsync(BenchReceiver receiver, BenchOptions options, TextWriter log)
    {
        if (options.DispatchWarmUpSeconds <= 0)
            return;
        await using var host = await BenchHost.CreateAsync(log, options);
        await host.CreateEndpointsAsync(receiver, options.Endpoints);
        await host.StartAsync();
        var data = BenchPayload.Data(options.PayloadBytes);
        var events = Math.Max(1, Math.Min(RoundDeliveries, options.Deliveries) / options.Endpoints);
        var rounds = 0;
        var (_, warmedFor, lastRound) = await JitActivity.WarmUpAsync(async () =>
        {
            var (from, published) = (receiver.Distinct, 0);
            for (var i = 0; i < events; i++)
                published += (await host.Publisher.PublishAsync(BenchPayload.LoadType, data)).Deliveries;
            await BenchTimeoutException.WaitAsync("dispatcher warm-up", receiver.DistinctReachedAsync(from + published), options.PhaseTimeout,
                () => $"{rounds} rounds done, {receiver.Distinct - from} of {published} deliveries of the next received");
            rounds++;
        }, options.DispatchWarmUpSeconds);
        log.WriteLine($"bench: dispatcher warm-up, {rounds} rounds of {events} events published and dispatched in {warmedFor.TotalSeconds:0.0} s (a console of its own), the last in {lastRound.TotalSeconds:0.00} s");
    }
}
