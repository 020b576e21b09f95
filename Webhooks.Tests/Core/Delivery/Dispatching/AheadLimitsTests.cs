using Webhooks.Core.Delivery;
using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class AheadLimitsTests
{
    [Fact]
    public void From_RefillsAtHalfTheQueue_WhenTheQueueIsDeeperThanTwiceTheRequestsInFlight()
    {
        var limits = AheadLimits.From(new DeliveryOptions { LeaseAheadPerEndpoint = 200, MaxConcurrencyPerEndpoint = 8, MaxConcurrency = 64 });

        Assert.Equal(new AheadLimits(PerEndpoint: 200, LowWater: 100, Total: 264), limits);
    }

    [Fact]
    public void From_RefillsBelowTheRequestsInFlight_WhenHalfTheQueueIsFewer()
    {
        Assert.Equal(8, AheadLimits.From(new DeliveryOptions { LeaseAheadPerEndpoint = 10, MaxConcurrencyPerEndpoint = 8 }).LowWater);
        Assert.Equal(3, AheadLimits.From(new DeliveryOptions { LeaseAheadPerEndpoint = 3, MaxConcurrencyPerEndpoint = 8 }).LowWater);
    }

    [Fact]
    public void Shared_KeepsHalfTheQueueRefilledBelowTheRequestsInFlight_WhenSeveralConsolesDeliver()
    {
        var limits = AheadLimits.Shared(new DeliveryOptions { LeaseAheadPerEndpoint = 200, MaxConcurrencyPerEndpoint = 8, MaxConcurrency = 64 });

        Assert.Equal(new AheadLimits(PerEndpoint: 100, LowWater: 8, Total: 164), limits);
    }
}
