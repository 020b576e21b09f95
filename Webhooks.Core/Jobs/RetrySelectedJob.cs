using Hangfire;
using Microsoft.Extensions.Logging;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Retry selected: one manual attempt of each delivery of a grid's selection, in one job. Endpoints
/// are served side by side (at most <see cref="Endpoints"/> at once), each endpoint's deliveries one
/// after another and spaced by its rate limit (the dispatcher's <see cref="EndpointRateGate"/>), so
/// a batch never has more than one request in flight to a receiver. Each delivery is marked handled
/// once attempted: a run after a crash (at least once) sends only the rest. If some could not be
/// attempted the job fails at the end, naming them; the others are done.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RetrySelectedJob(
    ManualAttempt attempt,
    ConsoleJobStore jobs,
    EndpointRateGate rateGate,
    DeliveryNotifier notifier,
    TimeProvider time,
    ILogger<RetrySelectedJob> logger)
{
    /// <summary>Endpoints sent to at the same time.</summary>
    public const int Endpoints = 4;

    /// <param name="jobId">Our <see cref="ConsoleJobRecord"/> id; its deliveries are the job's rows.</param>
    /// <param name="count">For the dashboard's name only.</param>
    /// <param name="ct">Hangfire's: cancelled when the job is deleted or the server stops.</param>
    [JobDisplayName("Retry {1} selected deliveries")]
    public async Task RunAsync(string jobId, int count, CancellationToken ct)
    {
        var todo = await jobs.UnhandledAsync(jobId, ct);
        var failures = new List<string>();
        await Parallel.ForEachAsync(todo.GroupBy(t => t.EndpointId), new ParallelOptions { MaxDegreeOfParallelism = Endpoints, CancellationToken = ct },
            async (group, token) =>
            {
                foreach (var (deliveryId, endpointId, rate) in group)
                {
                    if (rate is { } perSecond)
                        await WaitForSlotAsync(endpointId, deliveryId, perSecond, token);
                    try
                    {
                        await attempt.SendAsync(deliveryId, token);
                    }
                    catch (ManualAttemptException ex)
                    {
                        logger.LogWarning("Retry selected: delivery {DeliveryId} was not attempted: {Reason}", deliveryId, ex.Message);
                        lock (failures)
                            failures.Add($"{deliveryId}: {ex.Message}");
                    }
                    await jobs.MarkHandledAsync(jobId, deliveryId, time.GetUtcNow().UtcDateTime, CancellationToken.None);
                    notifier.Notify();
                }
            });
        if (failures.Count > 0)
            throw new ManualAttemptException($"{failures.Count} of {count} deliveries could not be attempted: {string.Join("; ", failures.Take(5))}{(failures.Count > 5 ? "; …" : "")}");
    }

    private async Task WaitForSlotAsync(string endpointId, string deliveryId, int rate, CancellationToken ct)
    {
        while (rateGate.Reserve(endpointId, deliveryId, rate, time.GetUtcNow().UtcDateTime) is { } slot)
        {
            var wait = slot - time.GetUtcNow().UtcDateTime;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, ct);
        }
    }
}
