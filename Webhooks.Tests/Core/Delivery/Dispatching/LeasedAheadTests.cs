using Webhooks.Core.Delivery.Dispatching;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class LeasedAheadTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc);

    private static LoadedDelivery Work(string id, string endpointId, DateTime leasedAt) =>
        new(new DeliveryEntity { Id = id, EventId = "evt_" + id, EndpointId = endpointId, EventType = "customer.created", UnsettledClaims = 1 }, 0, leasedAt);

    [Fact]
    public void Take_ReturnsTheOldestAndSaysHowManyStillWait_WhenSeveralWaitForTheEndpoint()
    {
        var ahead = new LeasedAhead(10, TimeSpan.FromSeconds(30));
        ahead.Add(Work("dlv_1", "a", Now));
        ahead.Add(Work("dlv_2", "a", Now));
        ahead.Add(Work("dlv_3", "b", Now));

        var first = ahead.Take("a", Now, [], out var left, out var leftInAll);

        Assert.Equal("dlv_1", first?.Id);
        Assert.Equal(1, left);
        Assert.Equal(2, leftInAll);
        Assert.Equal("dlv_2", ahead.Take("a", Now, [], out left, out _)?.Id);
        Assert.Equal(0, left);
        Assert.Null(ahead.Take("a", Now, [], out left, out _));
        Assert.Equal(0, left);
        Assert.Equal(1, ahead.Count);
    }

    [Fact]
    public void Take_HandsOverStaleOnesAndReturnsTheNextFresh_WhenSomeWaitedPastMaxWait()
    {
        var ahead = new LeasedAhead(10, TimeSpan.FromSeconds(30));
        ahead.Add(Work("dlv_old", "a", Now.AddMinutes(-1)));
        ahead.Add(Work("dlv_new", "a", Now));
        ahead.Add(Work("dlv_next", "a", Now));
        var stale = new List<LoadedDelivery>();

        var next = ahead.Take("a", Now, stale, out var left, out var leftInAll);

        Assert.Equal("dlv_new", next?.Id);
        Assert.Equal(["dlv_old"], stale.Select(w => w.Id));
        Assert.Equal(1, left);
        Assert.Equal(1, leftInAll);
        Assert.Equal(1, ahead.Count);
    }

    [Fact]
    public void Endpoints_SharesOneUnchangingList_UntilAnEndpointComesOrGoes()
    {
        var ahead = new LeasedAhead(10, TimeSpan.FromSeconds(30));
        Assert.Empty(ahead.Endpoints());
        ahead.Add(Work("dlv_1", "a", Now));
        ahead.Add(Work("dlv_2", "b", Now));
        var both = ahead.Endpoints();

        ahead.Add(Work("dlv_3", "a", Now)); // the set is the same
        Assert.Same(both, ahead.Endpoints());
        ahead.Take("b", Now, [], out _, out _); // b has none left
        var left = ahead.Endpoints();
        ahead.Add(Work("dlv_4", "c", Now));

        Assert.Equal(["a", "b"], both.Order());
        Assert.Equal(["a"], left);
        Assert.Equal(["a", "c"], ahead.Endpoints().Order());
        ahead.Drain();
        Assert.Empty(ahead.Endpoints());
    }
}
