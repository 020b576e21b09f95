using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Jobs;

namespace Webhooks.Console.Bench;

/// <summary>
/// Retry now on an idle console: the time from asking for the job (<see cref="ConsoleJobs.RetryNowAsync"/>)
/// to the start of its attempt (the attempt's recorded <c>StartedAt</c>), several times one after
/// another with uneven pauses, so the runs do not line up with the Hangfire workers' queue poll
/// (<see cref="JobsOptions.QueuePollInterval"/>), which is most of the figure.
/// </summary>
public static class RetryNowLatencyRun
{
    public const int Repeats = 7;

    public sealed record Figures(double MedianMs, double MaxMs);

    public static async Task<Figures> RunAsync(BenchHost host, BenchOptions options, TextWriter log)
    {
        var jobs = host.Services.GetRequiredService<ConsoleJobs>();
        string deliveryId;
        await using (var db = await host.DbAsync())
            deliveryId = await db.Deliveries.Where(d => d.EventType == BenchPayload.SingleType).OrderByDescending(d => d.CreatedAt).Select(d => d.Id).FirstAsync();
        var samples = new List<double>();
        for (var i = 0; i < Repeats; i++)
        {
            await Task.Delay(300 + 137 * i);
            var asked = DateTime.UtcNow;
            var job = await jobs.RetryNowAsync(deliveryId) ?? throw new InvalidOperationException($"Delivery {deliveryId} is gone");
            var done = await BenchReceiver.WaitUntilAsync(() => jobs.GetAsync(job.Id).GetAwaiter().GetResult()?.State is ConsoleJobState.Succeeded or ConsoleJobState.Failed,
                options.PhaseTimeout, pollMs: 20);
            if (!done)
                throw new TimeoutException($"Retry now job {job.Id} did not end within {options.PhaseTimeout}");
            await using var db = await host.DbAsync();
            var started = await db.DeliveryAttempts.Where(a => a.DeliveryId == deliveryId).OrderByDescending(a => a.Number).Select(a => a.StartedAt).FirstAsync();
            samples.Add((started - asked).TotalMilliseconds);
        }
        var figures = new Figures(LatencyRun.Percentile(samples, 50), Math.Round(samples.Max(), 2));
        log.WriteLine($"bench: retry now, ask → attempt start over {Repeats} runs: median {figures.MedianMs} ms, max {figures.MaxMs} ms ({string.Join(", ", samples.Select(s => s.ToString("0")))})");
        return figures;
    }
}
