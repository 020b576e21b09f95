using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Core.Jobs;

/// <summary>
/// On a shared database (several consoles), keeps this console's count of the consoles alive, which
/// divides every endpoint's limits (<see cref="ConsoleShare"/>), and notices a console that stopped while this one runs and
/// takes over its deliveries and jobs (<see cref="StoppedConsoles"/>), so they resume about
/// <see cref="JobsOptions.ServerTimeout"/> after its last heartbeat instead of when its leases run out
/// (<c>LeaseDuration</c>) or when some console restarts. Every <see cref="JobsOptions.StoppedConsoleCheckInterval"/>
/// it reads the live owners; when one it saw alive is missing, it takes over from every owner that
/// is not alive. Only that comparison runs each time (one read of Hangfire's server list); the
/// release, which scans the deliveries, runs only when a console has gone, and once at the first check
/// (a console that died just before this one started). An owner never seen alive here after that (it
/// started and died between two checks) is resumed when its leases run out, or by the next console to start. A Hangfire process of every server rather than a recurring job: recurring jobs
/// fire at most once a minute (cron), which would hold a dead console's deliveries for up to a minute more.
/// </summary>
public sealed class ConsoleWatch(LiveOwners liveOwners, StoppedConsoles stoppedConsoles, ConsoleShare share, IOptions<JobsOptions> options, ILogger<ConsoleWatch> logger)
    : IBackgroundProcess
{
    // Null until the first check, which takes over from every owner not alive then: a console that
    // died just before this one started still looked alive to the takeover at start (its heartbeat
    // younger than ServerTimeout), and is gone by the first check, so it is never seen to go.
    private HashSet<string>? _seen;

    public void Execute(BackgroundProcessContext context)
    {
        var ct = context.StoppingToken;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                CheckAsync(ct).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not fatal: the next check tries again, and leases run out on their own.
                logger.LogError(ex, "Could not check for stopped consoles");
            }
            ct.WaitHandle.WaitOne(options.Value.StoppedConsoleCheckInterval);
        }
    }

    /// <summary>
    /// One check: counts the consoles, and takes over when an owner alive at the previous check is
    /// not alive now (at the first check, from every owner not alive); returns the owners seen to go.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken ct)
    {
        var (live, consoles) = liveOwners.ReadWithConsoles();
        if (consoles != share.Consoles)
            logger.LogInformation("{Consoles} consoles deliver from this database; each takes its share of every endpoint's limits", consoles);
        share.Update(consoles);
        var seen = _seen;
        _seen = [.. live];
        if (seen is null)
        {
            await stoppedConsoles.TakeOverAsync(live, ct);
            return [];
        }
        var gone = seen.Where(owner => !live.Contains(owner)).ToList();
        if (gone.Count == 0)
            return gone;
        // A console that stopped cleanly handed its leases back already: then this finds nothing left to take.
        logger.LogInformation("Consoles no longer alive: {Owners}; taking over what they left", string.Join(", ", gone));
        await stoppedConsoles.TakeOverAsync(live, ct);
        return gone;
    }
}
