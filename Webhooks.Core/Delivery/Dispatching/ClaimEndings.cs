using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The ways a claim ends without an attempt to settle, in the <see cref="DeliveryDispatcher"/>'s
/// rounds or the <see cref="DeliveryRunner"/>'s tasks: a delivery that must not be sent again is
/// closed, one whose processing failed is put off, and one the dispatcher will not send after all is
/// handed back. Each says so in the database, or leaves the lease to run out when even that fails:
/// the delivery is then claimed again (at least once).
/// </summary>
public sealed class ClaimEndings(
    DeliveryStore store,
    RetryPolicy retry,
    DispatcherSignal signal,
    DispatcherInstance instance,
    DeliveryNotifier notifier,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<ClaimEndings> logger)
{
    private readonly DeliveryOptions _options = options.Value;

    /// <summary>
    /// Ends, without sending, a claimed delivery that must not be sent again: a test whose answer
    /// was never recorded (its caller went away or the process stopped), or one claimed more than
    /// <see cref="DeliveryOptions.MaxTries"/> times without a result. False for everything else.
    /// The dispatcher never sends such a test: it is due only once its lease ran out, and a test
    /// queued again with Retry now is an ordinary manual attempt.
    /// </summary>
    /// <param name="claimed">The delivery as loaded after its claim (its count of claims includes this one).</param>
    public async Task<bool> TryEndUnfinishedAsync(Delivery claimed, CancellationToken ct)
    {
        if (claimed is { IsTest: true, NextTrigger: AttemptTrigger.Test })
        {
            await store.CloseAsync(instance.Id, claimed.Id, DeliveryStatus.Failed, DeliveryDispatcher.InterruptedTest, ct);
            notifier.Notify();
            return true;
        }
        if (claimed.UnsettledClaims <= _options.MaxTries)
            return false;
        var tries = claimed.UnsettledClaims - 1;
        await store.GiveUpAsync(instance.Id, claimed.Id, $"Given up after {tries} tries that ended without a recorded result. Last error: ", ct);
        logger.LogError("Delivery {DeliveryId} failed: {Tries} tries ended without a recorded result", claimed.Id, tries);
        notifier.Notify();
        return true;
    }

    /// <summary>
    /// Processing failed without a result (a write of ours failed, most likely the settle): records
    /// the error and brings the delivery back after the retry schedule's wait. The claim stays
    /// counted, so a delivery that fails like this every time ends Failed after its tries.
    /// </summary>
    public async Task TryDeferAsync(LoadedDelivery work, Exception ex)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var next = retry.NextAttemptAt(Math.Clamp(work.Delivery.UnsettledClaims, 1, _options.RetrySchedule.Length), now) ?? now + _options.MaxPollInterval;
        logger.LogError(ex, "Delivery {DeliveryId} could not be processed (try {Try} of {Tries} without a result); it is tried again at {Next:o}",
            work.Id, work.Delivery.UnsettledClaims, _options.MaxTries, next);
        try
        {
            await store.DeferAsync(instance.Id, work.Id, next, $"Processing failed: {ex.Message}", CancellationToken.None);
            signal.Wake();
        }
        catch (Exception deferFailed)
        {
            logger.LogDebug(deferFailed, "Could not record the failure of delivery {DeliveryId}; its lease will expire", work.Id);
        }
    }

    /// <summary>Gives leases back and announces the deliveries as due again.</summary>
    public async Task HandBackAsync(IReadOnlyCollection<string> ids)
    {
        await TryReleaseAsync(ids);
        signal.Wake();
    }

    /// <summary>Gives leases back; when that fails they run out instead.</summary>
    public async Task TryReleaseAsync(IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0)
            return;
        try
        {
            await store.ReleaseAsync(instance.Id, ids, null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Could not hand back {Count} deliveries; their leases will expire", ids.Count);
        }
    }
}
