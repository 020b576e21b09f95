using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class QuietQueueTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly QuietQueue Quiet = new(Work: 7, Excluded: ["a"], Until: T0.AddSeconds(1));

    [Fact]
    public void Holds_IsTrue_WhenOnlyASlotWasFreedAndTheSameEndpointsAreLeftOut()
    {
        Assert.True(Quiet.Holds(7, ["a"], T0));
        Assert.True(Quiet.Holds(7, ["a", "b"], T0)); // leaving out more can find nothing new
    }

    [Theory]
    [InlineData(8, "a", 0)]    // new work was announced (publish, retry, hand-back)
    [InlineData(7, "", 0)]     // endpoint a is let back in
    [InlineData(7, "a", 1000)] // the next due time has come
    public void Holds_IsFalse_WhenWorkWasAnnouncedAnEndpointIsLetBackInOrTheDueTimeCame(long work, string excluded, int msLater)
    {
        var set = excluded.Length == 0 ? [] : new[] { excluded };

        Assert.False(Quiet.Holds(work, set, T0.AddMilliseconds(msLater)));
    }
}
