namespace Webhooks.Console.Bench;

/// <summary>
/// <c>bench</c>: the receiver, the ceilings, the dispatcher's throughput, latency at a fixed rate,
/// idle pickup, idle CPU and (with <c>grid</c>) the deliveries grid over a big history, in one process,
/// ending with one JSON line on stdout per endpoint count (<c>--endpoints 1,8,64</c> is a sweep: see
/// <see cref="SweepRun"/>). Progress goes to stderr so the lines can be piped.
/// </summary>
public static class BenchRunner
{
    /// <summary>
    /// Entry from Program.cs for <c>bench ...</c>. The exit code is 0 only when nothing was lost and
    /// every signature verified on every line; 1 also when a phase ran out of time (one line on
    /// stderr says which and how far it got), 2 for bad arguments.
    /// </summary>
    public static async Task<int> MainAsync(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args.Skip(1).ToList());
            if (options.Provider == Webhooks.Core.Persistence.DatabaseProvider.PostgreSql)
                options = options with { PostgreSqlServer = BenchDatabase.ServerConnectionString(BenchHost.Configuration()) };
        }
        catch (ArgumentException ex)
        {
            await System.Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
        if (options.EndpointCounts.Count > 1)
            return await SweepRun.RunAsync(args, options.EndpointCounts);
        BenchResult result;
        try
        {
            result = await RunAsync(options, System.Console.Error);
        }
        catch (BenchTimeoutException ex)
        {
            await System.Console.Error.WriteLineAsync($"{ex.Message} ({options.Endpoints} endpoints)");
            return 1;
        }
        System.Console.Out.WriteLine(result.ToJsonLine());
        return result.Lost == 0 && result.SignatureFailures == 0 ? 0 : 1;
    }

    /// <summary>The whole bench for <see cref="BenchOptions.Endpoints"/> endpoints.</summary>
    /// <exception cref="BenchTimeoutException">A phase ran out of time.</exception>
    public static async Task<BenchResult> RunAsync(BenchOptions options, TextWriter log)
    {
        await using var receiver = await BenchReceiver.StartAsync();
        await using var host = await BenchHost.CreateAsync(log, options);
        // Endpoints first, so endpoint i is the receiver's path i.
        await host.CreateEndpointsAsync(receiver, options.Endpoints);

        // The dispatchers open at most MaxConcurrencyPerEndpoint connections to each endpoint (all
        // consoles together) and MaxConcurrency each: the fair ceiling has as many, the bare one the
        // dispatchers' global limit (the same from 8 endpoints up).
        var delivery = host.DeliveryOptions;
        var slots = delivery.MaxConcurrency * options.Instances;
        var fair = Math.Min(slots, options.Endpoints * delivery.MaxConcurrencyPerEndpoint);
        var ceiling = await CeilingAsync(receiver, options, fair, log);
        var bare = fair == slots ? ceiling : await CeilingAsync(receiver, options, slots, log);
        await DispatchWarmUp.RunAsync(receiver, options, log);
        receiver.ClearArrivals();
        var harnessRss = PeakMemory.Megabytes();
        var peakReset = PeakMemory.Reset();
        log.WriteLine(peakReset
            ? $"bench: peak resident set {harnessRss:0} MB after the ceilings and the dispatcher's warm-up; counted again from {PeakMemory.Megabytes():0} MB"
            : $"bench: peak resident set {harnessRss:0} MB after the ceilings and the dispatcher's warm-up; it cannot be reset here, so the peak below includes them");

        var dispatch = await DispatchRun.RunAsync(host, receiver, options, log);
        log.WriteLine($"bench: dispatcher {dispatch.DispatchPerSec:0}/s");
        // The fair ceiling again, right after the dispatcher: this machine's speed drifts by a tenth
        // or more within a minute, and one ceiling 25 s before the dispatcher's timed part read the
        // ratio against another moment's speed (one endpoint's fair ceiling: 27,700–44,500/s on the
        // same code). The ratio is read against the mean of the two, which a steady drift leaves
        // alone. This ceiling stays out of the dispatcher's figures: the peak memory is read before
        // it and counted again after, and its posts, which are no deliveries, start from no
        // arrivals as the first ceiling's did, once the dispatcher's are counted.
        var (dispatchRss, dispatchArrived) = (PeakMemory.Megabytes(), receiver.Distinct);
        receiver.ClearArrivals();
        var ceilingAfter = await CeilingAsync(receiver, options with { CeilingWarmUpSeconds = 0 }, fair, log);
        receiver.ClearArrivals();
        if (peakReset)
            PeakMemory.Reset();
        var fairCeiling = (ceiling + ceilingAfter) / 2;
        var latency = await LatencyRun.RunAsync(host, receiver, options, log);
        var idleCpu = await IdleCpuRun.RunAsync(TimeSpan.FromSeconds(options.IdleSeconds), log);
        var retryNow = await RetryNowLatencyRun.RunAsync(host, options, log);
        // Retry now resends a delivery already counted: no new distinct arrivals.
        var published = latency.Published + options.IdleRepeats;
        var rss = Math.Max(dispatchRss, PeakMemory.Megabytes());
        var result = new BenchResult
        {
            CeilingPerSec = Math.Round(fairCeiling),
            CeilingBeforePerSec = Math.Round(ceiling),
            CeilingAfterPerSec = Math.Round(ceilingAfter),
            CeilingBarePerSec = Math.Round(bare),
            CeilingConnections = fair,
            DispatchPerSec = Math.Round(dispatch.DispatchPerSec),
            Ratio = Math.Round(dispatch.DispatchPerSec / fairCeiling, 3),
            CpuMsPerDelivery = dispatch.CpuMsPerDelivery,
            P50Ms = latency.P50Ms,
            P95Ms = latency.P95Ms,
            P99Ms = latency.P99Ms,
            WarmUpP99Ms = latency.WarmUpP99Ms,
            IdlePickupMs = latency.IdlePickupMs,
            IdleCpuPercent = idleCpu,
            RetryNowMedianMs = retryNow.MedianMs,
            RetryNowMaxMs = retryNow.MaxMs,
            PeakRssMb = rss,
            CeilingPeakRssMb = peakReset ? harnessRss : null,
            SignatureFailures = receiver.SignatureFailures,
            Lost = Math.Max(0, dispatch.Published - dispatchArrived) + Math.Max(0, published - receiver.Distinct),
            Events = options.Events,
            Endpoints = options.Endpoints,
            Provider = options.Provider == Webhooks.Core.Persistence.DatabaseProvider.PostgreSql ? "postgresql" : "sqlite",
            Instances = options.Instances,
            Deliveries = dispatch.Published,
            PayloadBytes = options.PayloadBytes,
            Rate = options.Rate,
            PublishPerSec = Math.Round(dispatch.PublishPerSec),
            AttemptsPersisted = dispatch.AttemptsPersisted,
        };
        if (!options.Grid)
            return result;

        var grid = await GridRun.RunAsync(host, options, log);
        return result with
        {
            GridAttempts = options.GridAttempts,
            GridFirstPageMs = grid.FirstPageMs,
            GridFilteredPageMs = grid.FilteredPageMs,
            GridSingleFilterMaxMs = grid.SingleFilterMaxMs,
            GridPeakRssMb = PeakMemory.Megabytes(),
        };
    }

    /// <summary>One ceiling run from <paramref name="connections"/> connections, logged with its CPU.</summary>
    private static async Task<double> CeilingAsync(BenchReceiver receiver, BenchOptions options, int connections, TextWriter log)
    {
        log.WriteLine($"bench: ceiling, {options.Deliveries} signed posts without the dispatcher, {connections} connections");
        var ceiling = await CeilingRun.RunAsync(receiver, options, connections, CancellationToken.None);
        log.WriteLine($"bench: ceiling {ceiling.PerSec:0}/s from {connections} connections, {ceiling.CpuMsPerPost:0.000} CPU ms per post (receiver included), after a warm-up of {ceiling.WarmUpRounds} rounds in {ceiling.WarmUpSeconds:0.0} s, the last at {ceiling.LastRoundPerSec:0}/s; {ceiling.Work}");
        return ceiling.PerSec;
    }
}
