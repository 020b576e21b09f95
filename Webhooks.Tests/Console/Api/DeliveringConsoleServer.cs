namespace Webhooks.Tests.Console.Api;

/// <summary>
/// The console allowed to deliver to loopback receivers over plain http, with a tiny retry
/// schedule, so API tests can follow a delivery from publish to receiver.
/// </summary>
public sealed class DeliveringConsoleServer : ConsoleServer
{
    protected override IEnumerable<string> Arguments =>
    [
        "--Webhooks:Delivery:AllowHttp=true",
        "--Webhooks:Delivery:AllowPrivateNetworks=true",
        "--Webhooks:Delivery:RetrySchedule:0=00:00:00.050",
        "--Webhooks:Delivery:RetrySchedule:1=00:00:00.050",
        // appsettings.json has three entries; configuration arrays merge by index, so all three are set.
        "--Webhooks:Delivery:RetrySchedule:2=00:00:00.050",
        "--Webhooks:Delivery:RetryJitter=0",
        "--Webhooks:Events:MaxPayloadBytes=4096",
    ];
}
