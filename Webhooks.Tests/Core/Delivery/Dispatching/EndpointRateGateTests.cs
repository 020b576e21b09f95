using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public class EndpointRateGateTests
{
    private static readonly DateTime T0 = new(2025, 10, 17, 10, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Reserve_SpacesAttemptsByOneOverRate_WhenManyArriveTogether()
    {
        var gate = new EndpointRateGate();

        var slots = Enumerable.Range(0, 4).Select(i => gate.Reserve("ep_1", "dlv_" + i, 2, T0)).ToList();

        Assert.Equal([null, T0.AddMilliseconds(500), T0.AddMilliseconds(1000), T0.AddMilliseconds(1500)], slots);
    }

    [Fact]
    public void Reserve_LetsDeliveryThrough_WhenItReturnsAtItsReservedSlot()
    {
        var gate = new EndpointRateGate();
        gate.Reserve("ep_1", "dlv_a", 1, T0);
        var slot = gate.Reserve("ep_1", "dlv_b", 1, T0)!.Value;

        Assert.Equal(slot, gate.Reserve("ep_1", "dlv_b", 1, slot.AddMilliseconds(-10)));
        Assert.Null(gate.Reserve("ep_1", "dlv_b", 1, slot));
        Assert.Equal(T0.AddSeconds(2), gate.Reserve("ep_1", "dlv_c", 1, slot));
    }

    [Fact]
    public void Reserve_DoesNotSlowOtherEndpoints_WhenOneIsLimited()
    {
        var gate = new EndpointRateGate();
        gate.Reserve("ep_slow", "dlv_1", 1, T0);
        gate.Reserve("ep_slow", "dlv_2", 1, T0);

        Assert.Null(gate.Reserve("ep_fast", "dlv_3", 1, T0));
    }
}
