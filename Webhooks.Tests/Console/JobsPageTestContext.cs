using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Webhooks.Core.Endpoints;
using Webhooks.Tests.Console.Endpoints;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Console;

/// <summary>
/// Page tests whose jobs really run: the console's Hangfire server (and the dispatcher it hosts) on the
/// test's own storage file, sends allowed to loopback receivers, and live updates on the real clock,
/// since jobs report from the server's threads. Endpoints must point at a <see cref="LoopbackReceiver"/>
/// (<see cref="ReceiverEndpointAsync"/>): the dispatcher sends whatever is due.
/// </summary>
public abstract class JobsPageTestContext : EndpointPageTestContext
{
    private readonly List<IHostedService> _started = [];

    protected JobsPageTestContext() : base(new Dictionary<string, string?>
    {
        ["Webhooks:Delivery:AllowHttp"] = "true",
        ["Webhooks:Delivery:AllowPrivateNetworks"] = "true",
        // Workers look for jobs this often (Hangfire's SQLite storage wakes none on enqueue); the minimum.
        ["Webhooks:Jobs:QueuePollInterval"] = "00:00:00.050",
    }, TimeProvider.System)
    {
        foreach (var service in Services.GetServices<IHostedService>())
        {
            service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            _started.Add(service);
        }
    }

    /// <summary>An endpoint subscribed to every event, sending to <paramref name="receiver"/>, without scheduled retries.</summary>
    protected async Task<Endpoint> ReceiverEndpointAsync(LoopbackReceiver receiver, string name = "Orders") =>
        (await Endpoints.CreateAsync(new EndpointInput { Name = name, Url = receiver.Url.ToString(), Events = ["*"], RetryEnabled = false }, "seed@example.com")).Endpoint;

    /// <summary>
    /// Presses the button of <paramref name="host"/> whose text is <paramref name="text"/>, on the renderer's
    /// own thread: there no live re-render can slip between finding the button and dispatching to its
    /// handler (a re-render retires the handler, and bunit throws). Does not wait for the handler: one
    /// that opens a dialog ends only when the dialog closes.
    /// </summary>
    protected static void PressLive(IRenderedComponent<IComponent> host, string text)
    {
        host.WaitForAssertion(() => Assert.Contains(host.FindAll("button"), b => b.TextContent.Trim() == text));
        Dispatch(host, () => host.FindAll("button").Single(b => b.TextContent.Trim() == text).ClickAsync(new()));
    }

    /// <summary>Runs a UI event on the renderer's thread (see <see cref="PressLive"/>), without waiting for its handler.</summary>
    protected static void Dispatch(IRenderedComponent<IComponent> host, Func<Task> trigger) =>
        host.InvokeAsync(() => { _ = trigger(); }).GetAwaiter().GetResult();

    protected override async ValueTask DisposeAsyncCore()
    {
        // The server first: its workers and dispatcher use the services the base disposes.
        _started.Reverse();
        foreach (var service in _started)
            await service.StopAsync(CancellationToken.None);
        await base.DisposeAsyncCore();
    }
}
