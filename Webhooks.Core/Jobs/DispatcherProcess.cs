using Hangfire.Server;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Core.Jobs;

/// <summary>
/// Runs the <see cref="DeliveryDispatcher"/> inside the Hangfire server, on the server's own thread
/// (Hangfire runs only the synchronous <see cref="IBackgroundProcess"/> from DI, so this blocks on
/// the async loop). Each run owns its leases under the server's id; before it starts, what every
/// owner that is not alive (<see cref="LiveOwners"/>) left behind is taken over
/// (<see cref="StoppedConsoles"/>): a process that died. Other consoles on a shared database keep
/// theirs; when one of them dies later, <see cref="ConsoleWatch"/> takes over its work.
/// </summary>
public sealed class DispatcherProcess(
    DeliveryDispatcher dispatcher,
    DispatcherInstance instance,
    StoppedConsoles stoppedConsoles) : IBackgroundProcess
{
    public void Execute(BackgroundProcessContext context) => RunAsync(context.ServerId, context.StoppingToken).GetAwaiter().GetResult();

    private async Task RunAsync(string serverId, CancellationToken ct)
    {
        instance.Become(serverId);
        try
        {
            await stoppedConsoles.TakeOverAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        await dispatcher.RunAsync(ct);
    }
}
