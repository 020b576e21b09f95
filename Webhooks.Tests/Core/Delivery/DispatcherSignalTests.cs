using Webhooks.Core.Delivery;

namespace Webhooks.Tests.Core.Delivery;

public sealed class DispatcherSignalTests
{
    [Fact]
    public async Task WakeForRecord_WakesTheDispatcher_WhenItsRoundAskedForARecord()
    {
        var signal = new DispatcherSignal();
        signal.WantRecord();

        signal.WakeForRecord();

        Assert.True(await WokenAsync(signal));
    }

    [Fact]
    public async Task WakeForRecord_LeavesTheDispatcherWaiting_WhenNoRoundAskedOrItWithdrew()
    {
        var signal = new DispatcherSignal();
        signal.WakeForRecord();
        signal.WantRecord();
        signal.RecordNotWanted();
        signal.WakeForRecord();

        Assert.False(await WokenAsync(signal));
    }

    [Fact]
    public async Task WakeForRecord_WakesOncePerRequest_WhenRecordsFollowOneAnother()
    {
        var signal = new DispatcherSignal();
        signal.WantRecord();
        signal.WakeForRecord();
        Assert.True(await WokenAsync(signal));

        signal.WakeForRecord();

        Assert.False(await WokenAsync(signal));
    }

    [Fact]
    public async Task WakeForCapacity_WakesTheDispatcher_WhetherOrNotARecordWasAskedFor()
    {
        var signal = new DispatcherSignal();

        signal.WakeForCapacity();

        Assert.True(await WokenAsync(signal));
    }

    /// <summary>Whether a wake-up is waiting for the dispatcher, without waiting for one.</summary>
    private static Task<bool> WokenAsync(DispatcherSignal signal) => signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);
}
