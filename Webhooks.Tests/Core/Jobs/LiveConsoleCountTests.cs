using Microsoft.Extensions.DependencyInjection;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Tests.Console.Api;
using Webhooks.Tests.Support;

namespace Webhooks.Tests.Core.Jobs;

/// <summary>Two whole consoles on one PostgreSQL database (<see cref="PostgresCluster"/>), delivering to one receiver.</summary>
public sealed class LiveConsoleCountTests
{
    private const int PerEndpoint = 4;

    [Fact]
    public async Task Execute_DividesAnEndpointsLimitBetweenConsoles_WhenTwoDeliverFromOneDatabase()
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
        ];
        // One after the other: the first creates and migrates the database.
        await using var first = new ConsoleServer { ExtraArguments = settings };
        await first.InitializeAsync();
        await using var second = new ConsoleServer { ExtraArguments = settings };
        await second.InitializeAsync();
        ConsoleServer[] consoles = [first, second];
        await Eventually.WaitAsync(() => Task.FromResult(consoles.All(c => Share(c).Consoles == 2)), "both consoles count two");

        var api = new WebhooksApiDriver(first.Client());
        var endpointId = await api.CreateEndpointAsync(receiver.Url);
        await api.PublishManyAsync(20);
        // Every request is held, so each console fills its part and waits: half the limit each.
        await Eventually.WaitAsync(() => Task.FromResult(Volatile.Read(ref current) == PerEndpoint), "the receiver holds the endpoint's limit of requests");
        Assert.All(consoles, c => Assert.Equal(PerEndpoint / 2, Permits(c).InFlight(endpointId)));

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
