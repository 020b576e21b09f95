using Hangfire.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Keeps <see cref="ConsoleShare"/> up to date on a shared database: counts the consoles alive
/// (<see cref="LiveOwners.Consoles"/>) once per <see cref="JobsOptions.HeartbeatInterval"/>, the
/// pace at which a console that joins or dies shows in that count anyway. Runs in the Hangfire
/// server beside the dispatcher, on every console.
/// </summary>
public sealed class LiveConsoleCount(LiveOwners liveOwners, ConsoleShare share, IOptions<JobsOptions> options, ILogger<LiveConsoleCount> logger) : IBackgroundProcess
{
    public void Execute(BackgroundProcessContext context)
    {
        try
        {
            var consoles = liveOwners.Consoles();
            if (consoles != share.Consoles)
                logger.LogInformation("{Consoles} consoles deliver from this database; each takes its share of every endpoint's limits", consoles);
            share.Update(consoles);
        }
        catch (Exception ex) when (!context.IsStopping)
        {
            // The last count stays: a database that is briefly gone does not change who is alive.
            logger.LogWarning(ex, "Could not count the consoles on this database; keeping {Consoles}", share.Consoles);
        }
        context.Wait(options.Value.HeartbeatInterval);
    }
}
