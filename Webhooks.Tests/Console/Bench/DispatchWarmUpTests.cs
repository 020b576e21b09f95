using Webhooks.Console.Bench;

namespace Webhooks.Tests.Console.Bench;

public sealed class DispatchWarmUpTests
{
    private static readonly BenchOptions Tiny = new()
    {
        Events = 20,
        Endpoints = 2,
        DispatchWarmUpSeconds = 0.01,
        PhaseTimeout = TimeSpan.FromSeconds(60),
    };

    [Fact]
    public async Task RunAsync_DispatchesWholeRoundsToTheReceiver_WhenGivenSeconds()
    {
        await using var receiver = await BenchReceiver.StartAsync();
        var log = new StringWriter();

        await DispatchWarmUp.RunAsync(receiver, Tiny, log);

        // Rounds of the run's 40 deliveries (20 events to 2 endpoints), each received in full before the next.
        Assert.True(receiver.Distinct >= 40, $"{receiver.Distinct} deliveries received");
        Assert.Equal(0, receiver.Distinct % 40);
        Assert.Equal(0, receiver.SignatureFailures);
        Assert.Contains("bench: dispatcher warm-up, ", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SendsNothing_WhenGivenNoSeconds()
    {
        await using var receiver = await BenchReceiver.StartAsync();
        var log = new StringWriter();

        await DispatchWarmUp.RunAsync(receiver, Tiny with { DispatchWarmUpSeconds = 0 }, log);

        Assert.Equal(0, receiver.Distinct);
        Assert.Equal("", log.ToString());
    }
}
