using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Runs the <see cref="DeliveryDispatcher"/> inside the Hangfire server, on the server's own thread
/// (Hangfire runs only the synchronous <see cref="IBackgroundProcess"/> from DI, so this blocks on
/// the async loop). Each run owns its leases under the server's id; before it starts, leases of
/// every owner that is not alive (<see cref="LiveOwners"/>) are released: a process that died (at
/// least once delivery: what it sent but did not record is sent again). Then the jobs such a process
/// was running are enqueued again (<see cref="StrandedJobs"/>), after its leases are released, so a
/// re-run Retry now finds its delivery free. Other consoles on a shared database keep theirs.
/// </summary>
public sealed class DispatcherProcess(
    DeliveryDispatcher dispatcher,
    DispatcherInstance instance,
    OrphanedLeases orphans,
    LiveOwners liveOwners,
    StrandedJobs strandedJobs,
    DispatcherSignal signal,
    ILogger<DispatcherProcess> logger) : IBackgroundProcess
{
    public void Execute(BackgroundProcessContext context) => RunAsync(context.ServerId, context.StoppingToken).GetAwaiter().GetResult();

    private async Task RunAsync(string serverId, CancellationToken ct)
    {
        instance.Become(serverId);
        try
        {
            var released = await orphans.ReleaseAsync(liveOwners.Read(), ct);
            if (released > 0)
            {
                logger.LogWarning("Resumed {Count} deliveries leased by a console that stopped without handing them back", released);
                signal.Wake();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // Not fatal: those leases run out on their own.
            logger.LogError(ex, "Could not release the leases of a stopped console; they are resumed when they run out");
        }
        try
        {
            var requeued = strandedJobs.Requeue(liveOwners.Read());
            if (requeued.Count > 0)
                logger.LogWarning("Enqueued again {Count} jobs a console was running when it stopped: {JobIds}", requeued.Count, string.Join(", ", requeued));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not enqueue again the jobs of a stopped console; Hangfire runs them again after its invisibility timeout");
        }
        await dispatcher.RunAsync(ct);
    }
}
