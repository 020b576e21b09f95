namespace Webhooks.Console.Bench;

/// <summary>
/// <c>bench</c>: the receiver, the bare ceiling, the dispatcher's throughput, latency at a fixed
/// rate, idle pickup, idle CPU and (with <c>grid</c>) the deliveries grid over a big history, in one process,
/// ending with one JSON line on stdout. Progress goes to stderr so the line can be piped.
/// </summary>
public static class BenchRunner
{
    /// <summary>Entry from Program.cs for <c>bench ...</c>; the exit code is 0 only when nothing was lost and every signature verified.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args.Skip(1).ToList());
        }
        catch (ArgumentException ex)
        {
            await System.Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
        var result = await RunAsync(options, System.Console.Error);
        System.Console.Out.WriteLine(result.ToJsonLine());
        return result.Lost == 0 && result.SignatureFailures == 0 ? 0 : 1;
    }

    public static async Task<BenchResult> RunAsync(BenchOptions options, TextWriter log)
    {
        await using var receiver = await BenchReceiver.StartAsync();
        await using var host = await BenchHost.CreateAsync(log);
        // Endpoints first, so endpoint i is the receiver's path i.
        await host.CreateEndpointsAsync(receiver, options.Endpoints);

        log.WriteLine($"bench: ceiling, {options.Deliveries} signed posts without the dispatcher");
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var ceiling = await CeilingRun.RunAsync(receiver, options, host.DeliveryOptions.MaxConcurrency, CancellationToken.None);
        receiver.ClearArrivals();
        log.WriteLine($"bench: ceiling {ceiling:0}/s, {DispatchRun.CpuMsSince(ref cpu) / options.Deliveries:0.000} CPU ms per post (receiver included, warm-up too)");

        var dispatch = await DispatchRun.RunAsync(host, receiver, options, log);
        log.WriteLine($"bench: dispatcher {dispatch.DispatchPerSec:0}/s");
        var latency = await LatencyRun.RunAsync(host, receiver, options, log);
        var idleCpu = await IdleCpuRun.RunAsync(TimeSpan.FromSeconds(options.IdleSeconds), log);
        var retryNow = await RetryNowLatencyRun.RunAsync(host, options, log);
        // Retry now resends a delivery already counted: no new distinct arrivals.
        var published = dispatch.Published + latency.Published + options.IdleRepeats;
        var rss = PeakMemory.Megabytes();
        var result = new BenchResult
        {
            CeilingPerSec = Math.Round(ceiling),
            DispatchPerSec = Math.Round(dispatch.DispatchPerSec),
            Ratio = Math.Round(dispatch.DispatchPerSec / ceiling, 3),
            P50Ms = latency.P50Ms,
            P95Ms = latency.P95Ms,
            P99Ms = latency.P99Ms,
            IdlePickupMs = latency.IdlePickupMs,
            IdleCpuPercent = idleCpu,
            RetryNowMedianMs = retryNow.MedianMs,
            RetryNowMaxMs = retryNow.MaxMs,
            PeakRssMb = rss,
            SignatureFailures = receiver.SignatureFailures,
            Lost = Math.Max(0, published - receiver.Distinct),
            Events = options.Events,
            Endpoints = options.Endpoints,
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
}
