using System.Diagnostics;
using Webhooks.Tests.EndToEnd;
using Webhooks.Tests.Support;
using Xunit.Abstractions;

namespace Webhooks.Tests.Reliability;

/// <summary>
/// Two real consoles on one PostgreSQL database, each its own process, port and data folder; one is
/// killed with SIGKILL while both deliver. The other must take over what the dead one had claimed
/// (once its heartbeat is older than <c>ServerTimeout</c>, not when its leases run out) and every
/// event must reach the receiver. Size with <c>WEBHOOKS_INSTANCES_EVENTS</c> (default 5,000).
/// </summary>
[Trait("Category", "Crash")]
public sealed class SharedDatabaseCrashTests(ITestOutputHelper output)
{
    private const string ApiKey = "instances-test-key-0123456789abcdef";
    // Each console's sends in flight, and answered ones waiting for their record: what the killed one
    // had not recorded (and only that) may be sent twice.
    private const int MaxConcurrency = 16;
    private const int MaxUnrecorded = 16;
    private const int Unrecorded = MaxConcurrency + MaxUnrecorded;

    private static int Events => Math.Max(100, CrashTests.EventsFromEnvironment("WEBHOOKS_INSTANCES_EVENTS", 5000));

    [Fact]
    public async Task SurvivingConsole_DeliversEveryEvent_WhenTheOtherIsKilledMidDispatch()
    {
        var total = Events;
        // Each console has this many sends answered before its further sends are held: the kill then lands
        // after both sent part of the events, with the victim's sends in flight and most events still to go.
        var quota = total / 10;
        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        var keys = Directory.CreateTempSubdirectory("webhooks-keys-").FullName;
        string[] settings =
        [
            .. ConsoleProcess.PostgreSqlArguments(connectionString),
            // Shared so that either console reads the endpoint's secret the other saved.
            $"--Webhooks:DataProtection:KeysPath={keys}",
            $"--Webhooks:Bootstrap:ApiKey={ApiKey}",
            "--Webhooks:Delivery:AllowHttp=true",
            "--Webhooks:Delivery:AllowPrivateNetworks=true",
            $"--Webhooks:Delivery:MaxConcurrency={MaxConcurrency}",
            $"--Webhooks:Delivery:MaxUnrecorded={MaxUnrecorded}",
            // Above one console's share, however the per-endpoint limit is divided between consoles.
            $"--Webhooks:Delivery:MaxConcurrencyPerEndpoint={2 * MaxConcurrency}",
            "--Webhooks:Delivery:DisableAfterConsecutiveFailures=1000",
            // Leases that outlast the test by far: only the survivor taking them over can drain the dead console's deliveries.
            "--Webhooks:Delivery:LeaseDuration=00:30:00",
            // The console that is not published to finds the events by polling.
            "--Webhooks:Delivery:MaxPollInterval=00:00:00.200",
            // A dead console counts as dead 5 s after its last heartbeat, checked every half second.
            "--Webhooks:Jobs:HeartbeatInterval=00:00:01",
            "--Webhooks:Jobs:ServerTimeout=00:00:05",
            "--Webhooks:Jobs:StoppedConsoleCheckInterval=00:00:00.500",
            "--Logging:LogLevel:Webhooks=Warning",
        ];

        var senders = new SenderTally(quota);
        await using var receiver = await LoopbackReceiver.StartAsync(senders.Respond);
        await using var victim = await ConsoleProcess.StartAsync(null, settings);
        await using var survivor = await ConsoleProcess.StartAsync(null, settings);
        senders.Watch(receiver.Port, victim.ProcessId, survivor.ProcessId);
        // Published through the survivor's API: the victim's API goes down with it.
        var api = new WebhooksApiDriver(survivor.Client(ApiKey));
        var endpointId = await api.CreateEndpointAsync(receiver.Url, extra: new Dictionary<string, object?> { ["timeoutSeconds"] = 30 });
        var clock = Stopwatch.StartNew();
        var publishing = api.PublishManyAsync(total);

        // Both consoles sent their quota and the victim has sends held at the receiver: it dies mid-dispatch.
        try
        {
            await senders.BothSentTheirShare.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Both consoles should each have had {quota} sends answered and the victim one held; got {senders.Snapshot()}", e);
        }
        victim.Kill();
        var killedAt = clock.Elapsed;
        var atKill = senders.Snapshot();
        senders.ReleaseHeld();
        var published = await publishing;
        var publishedIn = clock.Elapsed;

        // Far below the victim's 30 min leases: only taking them over once its heartbeat is stale drains within this wait.
        await api.WaitForAllSucceededAsync(endpointId, total, TimeSpan.FromMinutes(3));
        var drain = clock.Elapsed - killedAt;

        var requests = receiver.Requests;
        var (missing, duplicates, resent) = CrashTests.Tally(requests, published);
        var final = senders.Snapshot();
        output.WriteLine($"two consoles on PostgreSQL: {total} events published in {publishedIn.TotalSeconds:0.0} s; victim killed at {killedAt.TotalSeconds:0.0} s after {atKill.VictimAnswered} answered and {atKill.VictimHeld} held (survivor {atKill.SurvivorAnswered} answered, {atKill.SurvivorHeld} held), {requests.Count - atKill.Total} requests arrived since");
        output.WriteLine($"sent: victim {final.Victim}, survivor {final.Survivor}, sender gone before it was identified {final.Unknown}; {duplicates} duplicates seen by the receiver ({resent} attempts resent, bound {Unrecorded}); drained {drain.TotalSeconds:0.0} s after the kill");
        Assert.Empty(missing);
        Assert.InRange(atKill.Total, 1, total - 1);
        Assert.True(final.Victim > 0 && final.Survivor > 0, $"both consoles sent part: victim {final.Victim}, survivor {final.Survivor}");
        Assert.InRange(resent, 0, Unrecorded);
    }
}
