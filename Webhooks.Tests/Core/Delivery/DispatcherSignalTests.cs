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

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task WakeForRecord_LeavesTheDispatcherWaiting_WhenNoRoundAskedOrItWithdrew()
    {
        var signal = new DispatcherSignal();
        signal.WakeForRecord();
        signal.WantRecord();
        signal.RecordNotWanted();
        signal.WakeForRecord();

        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task WakeForRecord_WakesOncePerRequest_WhenRecordsFollowOneAnother()
    {
        var signal = new DispatcherSignal();
        signal.WantRecord();
        signal.WakeForRecord();
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        signal.WakeForRecord();

        Assert.False(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task WakeForCapacity_WakesTheDispatcher_WhetherOrNotARecordWasAskedFor()
    {
        var signal = new DispatcherSignal();

        signal.WakeForCapacity();

        Assert.True(await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
