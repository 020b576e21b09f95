using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Jobs;
using Webhooks.Core.Persistence;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

/// <summary>The watch on a real PostgreSQL database shared with other consoles, seen through Hangfire's server list.</summary>
public sealed class ConsoleWatchTests
{
    private const string DeadConsole = "dead-console:1:aaaa";
    private const string LiveConsole = "live-console:2:bbbb";

    [Fact]
    public async Task CheckAsync_ReleasesTheLeasesOfAConsoleWhoseHeartbeatStopped_AndLeavesALiveConsolesLeases()
    {
        await using var host = await HostWithConsolesAsync(DeadConsole, LiveConsole);
        var deadsDelivery = await LeasedDeliveryAsync(host, DeadConsole);
        var livesDelivery = await LeasedDeliveryAsync(host, LiveConsole);
        var watch = host.Services.GetServices<IBackgroundProcess>().OfType<ConsoleWatch>().Single();
        var signal = host.Services.GetRequiredService<DispatcherSignal>();

        Assert.Empty(await watch.CheckAsync(CancellationToken.None)); // both alive: nothing taken
        Assert.Equal(DeadConsole, (await host.DeliveryAsync(deadsDelivery)).LeasedBy);
        var work = signal.Work;
        // Killed: its heartbeat stops and grows older than ServerTimeout, while the other console's stays fresh.
        await StaleHeartbeatAsync(host, DeadConsole);

        var gone = await watch.CheckAsync(CancellationToken.None);

        Assert.Equal([DeadConsole], gone);
        var released = await host.DeliveryAsync(deadsDelivery);
        Assert.Equal((null, null), (released.LeasedBy, released.LeasedUntil));
        Assert.Equal(LiveConsole, (await host.DeliveryAsync(livesDelivery)).LeasedBy);
        Assert.True(signal.Work > work, "the dispatcher is woken to send the released delivery");
        Assert.Contains(host.LogLines, l => l.Contains("Resumed 1 deliveries leased by a console that stopped"));
        Assert.Empty(await watch.CheckAsync(CancellationToken.None)); // gone once, taken over once
    }

    [Fact]
    public async Task CheckAsync_ReleasesTheLeasesOfAConsoleNeverSeenAlive_OnItsFirstCheck()
    {
        // A console killed just before this one started: alive to the takeover at start, gone by the first check.
        await using var host = await HostWithConsolesAsync(DeadConsole);
        var deadsDelivery = await LeasedDeliveryAsync(host, DeadConsole);
        await StaleHeartbeatAsync(host, DeadConsole);
        var watch = host.Services.GetServices<IBackgroundProcess>().OfType<ConsoleWatch>().Single();

        await watch.CheckAsync(CancellationToken.None);

        var released = await host.DeliveryAsync(deadsDelivery);
        Assert.Equal((null, null), (released.LeasedBy, released.LeasedUntil));
        Assert.Contains(host.LogLines, l => l.Contains("Resumed 1 deliveries leased by a console that stopped"));
    }

    /// <summary>An unstarted host on PostgreSQL with one endpoint, and <paramref name="consoles"/> announced as Hangfire servers (heartbeats fresh).</summary>
    private static async Task<DeliveryTestHost> HostWithConsolesAsync(params string[] consoles)
    {
        var host = await DeliveryTestHost.CreateAsync(start: false, provider: DatabaseProvider.PostgreSql);
        await host.AddEndpointAsync(new Uri("http://127.0.0.1:9/"));
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        foreach (var console in consoles)
            connection.AnnounceServer(console, new ServerContext { WorkerCount = 1, Queues = ["default"] });
        return host;
    }

    /// <summary>Makes <paramref name="server"/>'s heartbeat an hour old, as when its console was killed.</summary>
    private static async Task StaleHeartbeatAsync(DeliveryTestHost host, string server)
    {
        string connectionString;
        await using (var context = await host.DbAsync())
            connectionString = context.Database.GetConnectionString()!;
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var stale = new NpgsqlCommand("UPDATE hangfire.server SET lastheartbeat = lastheartbeat - interval '1 hour' WHERE id = @id", db);
        stale.Parameters.AddWithValue("id", server);
        Assert.Equal(1, await stale.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task AddWebhookJobs_RunsNoWatch_WhenTheDatabaseIsSqlite()
    {
        await using var host = await DeliveryTestHost.CreateAsync(start: false);

        Assert.Empty(host.Services.GetServices<IBackgroundProcess>().OfType<ConsoleWatch>());
    }

    /// <summary>A published delivery, claimed by <paramref name="owner"/> for an hour.</summary>
    private static async Task<string> LeasedDeliveryAsync(DeliveryTestHost host, string owner)
    {
        var published = await host.Publisher.PublishAsync("customer.created", JsonSerializer.SerializeToElement(new { id = owner }));
        await using var db = await host.DbAsync();
        var id = await db.Deliveries.Where(d => d.EventId == published.EventId).Select(d => d.Id).SingleAsync();
        await db.Deliveries.Where(d => d.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.LeasedBy, owner).SetProperty(d => d.LeasedUntil, DateTime.UtcNow.AddHours(1)).SetProperty(d => d.UnsettledClaims, 1));
        return id;
    }

    private const int PerEndpoint = 4;

    [Fact]
    public async Task CheckAsync_DividesAnEndpointsLimitBetweenConsoles_WhenTwoDeliverFromOneDatabase()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int current = 0, most = 0;
        await using var receiver = await LoopbackReceiver.StartAsync(_ => new ReceiverResponse { Hold = HoldAsync() });
        async Task HoldAsync()
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref most, now);
            await gate.Task;
            Interlocked.Decrement(ref current);
        }

        var connectionString = await (await PostgresCluster.Shared).CreateDatabaseAsync();
        string[] settings =
        [
            "--Webhooks:Database:Provider=PostgreSql",
            $"--ConnectionStrings:Webhooks={connectionString}",
            "--Webhooks:Delivery:AllowHttp=true",
            "--Webhooks:Delivery:AllowPrivateNetworks=true",
            $"--Webhooks:Delivery:MaxConcurrencyPerEndpoint={PerEndpoint}",
            // Neither console dies here: a heartbeat held up on a busy machine must not make one
            // count itself alone for a moment.
            "--Webhooks:Jobs:ServerTimeout=00:01:00",
            // Each console leases one ahead: with the default 200 the first console to wake can claim
            // all 20 (2 sending, 18 ahead) and leave the other none to send; 5 s later its held
            // requests time out and it sends 2 more (2 and 0 in flight, 4 held): the likely cause of
            // a CI failure with one console at 0.
            "--Webhooks:Delivery:LeaseAheadPerEndpoint=2",
        ];
        // One after the other: the first creates and migrates the database.
        await using var first = new ConsoleServer { ExtraArguments = settings };
        await first.InitializeAsync();
        await using var second = new ConsoleServer { ExtraArguments = settings };
        await second.InitializeAsync();
        ConsoleServer[] consoles = [first, second];
        await Eventually.WaitAsync(() => Task.FromResult(consoles.All(c => Share(c).Consoles == 2)), "both consoles count two");

        var api = new WebhooksApiDriver(first.Client());
        // The longest timeout: held requests do not time out while the test looks, so the receiver counts only live ones.
        var endpointId = await api.CreateEndpointAsync(receiver.Url, extra: new Dictionary<string, object?> { ["timeoutSeconds"] = EndpointValidator.MaxTimeoutSeconds });
        await api.PublishManyAsync(20);
        // Every request is held, so each console fills its part and waits: half the limit each.
        await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref current) == PerEndpoint), "the receiver holds the endpoint's limit of requests", TimeSpan.FromSeconds(20));
        // The count of consoles beside each part, so a failure says whether a console counted itself alone.
        Assert.All(consoles, c => Assert.Equal((2, PerEndpoint / 2), (Share(c).Consoles, Permits(c).InFlight(endpointId))));

        gate.SetResult();
        await api.WaitForAllSucceededAsync(endpointId, 20, TimeSpan.FromSeconds(60));
        Assert.Equal(PerEndpoint, Volatile.Read(ref most));
    }

    private static ConsoleShare Share(ConsoleServer console) => console.App.Services.GetRequiredService<ConsoleShare>();

    private static DeliveryPermits Permits(ConsoleServer console) => console.App.Services.GetRequiredService<DeliveryDispatcher>().Permits;

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
    }
}
