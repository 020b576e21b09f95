using Hangfire;
using Webhooks.Core.Delivery;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Retry now: one manual attempt of one delivery (<see cref="ManualAttempt"/>). Hangfire never
/// retries it (the delivery's own schedule is the only retry policy); if it throws it shows Failed
/// with the exception, and the delivery is as it was before.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RetryNowJob(ManualAttempt attempt, ConsoleJobStore jobs, DeliveryNotifier notifier, TimeProvider time)
{
    /// <param name="jobId">Our <see cref="ConsoleJobRecord"/> id.</param>
    /// <param name="deliveryId">The delivery to send.</param>
    /// <param name="endpointName">For the dashboard's name only.</param>
    /// <param name="ct">Hangfire's: cancelled when the job is deleted or the server stops.</param>
    [JobDisplayName("Retry delivery {1} to {2}")]
    public async Task RunAsync(string jobId, string deliveryId, string endpointName, CancellationToken ct)
    {
        _ = await attempt.SendAsync(deliveryId, ct)
            ?? throw new ManualAttemptException($"Delivery {deliveryId} no longer exists (deleted with its endpoint, or by retention).");
        await jobs.MarkHandledAsync(jobId, deliveryId, time.GetUtcNow().UtcDateTime, CancellationToken.None);
        notifier.Notify();
    }
}
