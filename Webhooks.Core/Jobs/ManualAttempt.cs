using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Core.Jobs;

/// <summary>
/// One manual attempt of one delivery, as Retry now and Retry selected make it: lease the row, then
/// send it through the dispatcher's own <see cref="DeliveryProcessor"/> (same signing, recording,
/// settling). If the dispatcher is sending it right now, waits for that lease to end (polling the
/// row, at most one <see cref="DeliveryOptions.LeaseDuration"/>) and then sends. The lease is taken
/// under <see cref="DispatcherInstance.Id"/>, so a console that dies mid-attempt has it released at
/// the next start like the dispatcher's; an attempt that throws hands it back at once.
/// </summary>
public sealed class ManualAttempt(
    ConsoleJobStore jobs,
    DeliveryStore deliveries,
    DeliveryProcessor processor,
    DispatcherInstance instance,
    IOptions<DeliveryOptions> options,
    TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Sends <paramref name="deliveryId"/> once now. A delivery waiting for a scheduled retry keeps
    /// that schedule if the attempt fails (see <see cref="DeliveryProcessor.DeliverAsync"/>); any
    /// other ends Succeeded or Failed. Null when the delivery does not exist.
    /// </summary>
    /// <exception cref="ManualAttemptException">The endpoint is disabled, the row cannot be read, or the dispatcher's lease did not end in time.</exception>
    public async Task<DeliveryAttempt?> SendAsync(string deliveryId, CancellationToken ct)
    {
        var lease = options.Value.LeaseDuration;
        var giveUpAt = time.GetUtcNow().UtcDateTime + lease;
        while (true)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var outcome = await jobs.LeaseAsync(instance.Id, deliveryId, now, now + lease, ct);
            if (outcome == ManualLease.Missing)
                return null;
            if (outcome == ManualLease.Leased)
                break;
            if (now > giveUpAt)
                throw new ManualAttemptException($"Delivery {deliveryId} is being sent by the dispatcher and its lease did not end within {lease}; try again later.");
            await Task.Delay(Poll, time, ct);
        }

        var owner = instance.Id;
        try
        {
            var load = await deliveries.LoadAsync([deliveryId], ct);
            if (load.Unreadable.TryGetValue(deliveryId, out var unreadable))
                throw new ManualAttemptException(unreadable);
            if (load.Deliveries.Count == 0)
                return null; // deleted between the lease and the load
            var delivery = load.Deliveries[0];
            owner = delivery.LeasedBy ?? owner;
            // A test goes to a disabled endpoint on purpose; anything else waits until it is enabled again.
            if (!delivery.Endpoint!.IsEnabled && !delivery.IsTest)
                throw new ManualAttemptException($"Endpoint {delivery.Endpoint.Name} is disabled: enable it to retry its deliveries.");
            DateTime? scheduledRetry = delivery.Status == DeliveryStatus.Pending && !delivery.IsTest ? delivery.NextAttemptAt : null;
            delivery.NextTrigger = AttemptTrigger.Manual;
            return await processor.DeliverAsync(delivery, ct, scheduledRetry: scheduledRetry);
        }
        catch
        {
            // Nothing recorded: the delivery stays as it was, free for the dispatcher or another try.
            await deliveries.ReleaseAsync(owner, [deliveryId], null, CancellationToken.None);
            throw;
        }
    }
}
