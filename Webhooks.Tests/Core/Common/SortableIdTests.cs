using Webhooks.Core.Common;

namespace Webhooks.Tests.Core.Common;

public sealed class SortableIdTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_SortsInTheOrderMade_WhenMadeInTheSameMillisecond()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => SortableId.New("dlv", At)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void New_SortsByTime_WhenMadeInDifferentMilliseconds()
    {
        var later = SortableId.New("evt", At.AddMilliseconds(1));
        var earlier = SortableId.New("evt", At);

        Assert.True(string.CompareOrdinal(earlier, later) < 0, $"{earlier} should sort before {later}");
        Assert.StartsWith("evt_", earlier, StringComparison.Ordinal);
        Assert.Equal(30, earlier.Length);
    }
}
