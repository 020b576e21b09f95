using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class SettleQueueTests
{
    [Theory]
    [InlineData(512, SettleQueue.MaxGatherCount)]
    [InlineData(10_000, SettleQueue.MaxGatherCount)]
    [InlineData(256, 128)]
    [InlineData(32, 16)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    public void GatherCount_IsHalfTheUnrecorded_BetweenOneAndTheMost(int maxUnrecorded, int expected) =>
        Assert.Equal(expected, SettleQueue.GatherCount(new DeliveryOptions { MaxUnrecorded = maxUnrecorded }));

    [Fact]
    public void GatherCount_LeavesHalfTheUnrecordedFree_WithTheDefaults()
    {
        var options = new DeliveryOptions();
        Assert.True(SettleQueue.GatherCount(options) <= options.MaxUnrecorded / 2);
    }
}
