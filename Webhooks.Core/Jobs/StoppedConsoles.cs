using Microsoft.Extensions.Logging;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Takes over what consoles that stopped without handing it back left behind: their leases are
/// released (<see cref="OrphanedLeases"/>) and the dispatcher woken, so their deliveries are sent
/// again at once (at least once: what they sent but did not record goes again); then the jobs they
/// were running are enqueued again (<see cref="StrandedJobs"/>), after the leases, so a re-run Retry
/// now finds its delivery free. Owners in the live set (<see cref="LiveOwners"/>) keep theirs.
/// </summary>
public sealed class StoppedConsoles(LiveOwners liveOwners, OrphanedLeases orphans, StrandedJobs strandedJobs, DispatcherSignal signal, ILogger<StoppedConsoles> logger)
{
    /// <summary>Reads who is alive now and takes over from everyone else; failures are logged, not thrown.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task TakeOverAsync(CancellationToken ct)
    {
        IReadOnlyCollection<string> live;
        try
        {
            live = liveOwners.Read();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not read which consoles are alive; leases of stopped consoles are resumed when they run out");
            return;
        }
        await TakeOverAsync(live, ct);
    }

    /// <summary>Releases and re-enqueues what belongs to owners not in <paramref name="live"/>; failures are logged, not thrown.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task TakeOverAsync(IReadOnlyCollection<string> live, CancellationToken ct)
    {
        try
        {
            var released = await orphans.ReleaseAsync(live, ct);
            if (released > 0)
            {
                logger.LogWarning("Resumed {Count} deliveries leased by a console that stopped without handing them back", released);
                signal.Wake();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Not fatal: those leases run out on their own.
            logger.LogError(ex, "Could not release the leases of a stopped console; they are resumed when they run out");
        }
        try
        {
            var requeued = strandedJobs.Requeue(live);
            if (requeued.Count > 0)
                logger.LogWarning("Enqueued again {Count} jobs a console was running when it stopped: {JobIds}", requeued.Count, string.Join(", ", requeued));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not enqueue again the jobs of a stopped console; Hangfire runs them again after its invisibility timeout");
        }
    }
}
