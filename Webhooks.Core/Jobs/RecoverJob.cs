using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Recover failed since T: walks the endpoint's deliveries created between T and the job's creation
/// with the wanted statuses, oldest first, and hands them back to the dispatcher
/// <see cref="DeliveryOptions.RecoverPerSecond"/> per second (Pending, due now, a scheduled try), so
/// they go out under the dispatcher's per-endpoint limits and retry schedule. Each delivery is
/// marked handled by this job in the transaction that re-queues it: a run after a crash (Hangfire
/// runs it again, at least once) continues with the rest and never re-queues what it already
/// handed over, so nothing that succeeded is sent again. Cancelled by deleting the job (the console's
/// Cancel): what was handed over stays queued, the rest stays as it was.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RecoverJob(ConsoleJobStore jobs, DeliveryNotifier notifier, DispatcherSignal signal, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<RecoverJob> logger)
{
    /// <param name="jobId">Our <see cref="ConsoleJobRecord"/> id: endpoint, since, statuses.</param>
    /// <param name="endpointName">For the dashboard's name only.</param>
    /// <param name="statuses">For the dashboard's name only ("failed", "failed and skipped").</param>
    /// <param name="since">For the dashboard's name only, as the console shows it.</param>
    /// <param name="ct">Hangfire's: cancelled when the job is deleted (Cancel) or the server stops.</param>
    [JobDisplayName("Recover {2} deliveries of {1} since {3}")]
    public async Task RunAsync(string jobId, string endpointName, string statuses, string since, CancellationToken ct)
    {
        var job = await jobs.FindAsync(jobId, ct) ?? throw new InvalidOperationException($"Console job {jobId} is not recorded.");
        var endpointId = job.EndpointId!;
        var from = job.Since!.Value;
        var wanted = ParseStatuses(job.Statuses);
        var perSecond = options.Value.RecoverPerSecond;

        var done = (await jobs.DoneAsync([jobId], ct)).GetValueOrDefault(jobId);
        var left = await jobs.CountRecoverableAsync(endpointId, from, job.CreatedAt, wanted, jobId, ct);
        await jobs.SetTotalAsync(jobId, done + left, ct);
        notifier.Notify();
        logger.LogInformation("Recover {JobId}: {Left} deliveries of endpoint {EndpointId} to re-queue at {PerSecond} per second ({Done} already)", jobId, left, endpointId, perSecond, done);

        try
        {
            while (true)
            {
                var started = time.GetUtcNow();
                var handled = await jobs.RequeueNextAsync(jobId, endpointId, from, job.CreatedAt, wanted, perSecond, started.UtcDateTime, ct);
                if (handled == 0)
                    break;
                done += handled;
                signal.Wake();
                notifier.Notify();
                var rest = TimeSpan.FromSeconds(1) - (time.GetUtcNow() - started);
                if (rest > TimeSpan.Zero)
                    await Task.Delay(rest, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Deleted (Cancel) or the server is stopping: a stopping server's job is run again later, and resumes.
            logger.LogInformation("Recover {JobId} stopped after re-queuing {Done} deliveries", jobId, done);
            throw;
        }
        logger.LogInformation("Recover {JobId} re-queued {Done} deliveries of endpoint {EndpointId}", jobId, done, endpointId);
    }

    /// <summary>Our stored form of the statuses: comma-separated numbers.</summary>
    public static string FormatStatuses(IEnumerable<DeliveryStatus> statuses) => string.Join(",", statuses.Select(s => (int)s));

    public static IReadOnlyList<DeliveryStatus> ParseStatuses(string? stored) =>
        [.. (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (DeliveryStatus)int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}
