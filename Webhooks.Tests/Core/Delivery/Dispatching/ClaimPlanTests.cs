using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class ClaimPlanTests
{
    private static readonly IReadOnlyDictionary<string, int> NoneWaiting = new Dictionary<string, int>();

    private static CapacitySnapshot Capacity(int free, int perEndpoint, params (string Endpoint, int InFlight)[] inFlight) =>
        new(free, 64, inFlight.ToDictionary(p => p.Endpoint, p => p.InFlight), perEndpoint);

    // Ahead as deep as the limit in flight, refilled once fewer than that wait.
    private static AheadLimits Ahead(int perEndpoint, int total = int.MaxValue) => new(perEndpoint, perEndpoint, total);

    private static List<DueDelivery> Due(params string[] endpoints) =>
        endpoints.Select((e, i) => new DueDelivery($"dlv_{i}", e)).ToList();

    [Fact]
    public void Make_StartsUpToTheEndpointsRoomAndLeasesTheNextAhead_WhenOneEndpointHasABacklog()
    {
        var plan = ClaimPlan.Make(Due("a", "a", "a", "a", "a", "a"), Capacity(free: 10, perEndpoint: 2, ("a", 1)), NoneWaiting, Ahead(2));

        Assert.Equal(["dlv_0"], plan.StartNow.Select(d => d.Id));
        Assert.Equal(["dlv_1", "dlv_2"], plan.LeaseAhead.Select(d => d.Id));
    }

    [Fact]
    public void Make_LeasesOnlyTheRoomLeftAhead_WhenSomeAlreadyWait()
    {
        var waiting = new Dictionary<string, int> { ["a"] = 1 };

        var plan = ClaimPlan.Make(Due("a", "a", "a"), Capacity(free: 10, perEndpoint: 2, ("a", 2)), waiting, Ahead(2));

        Assert.Empty(plan.StartNow);
        Assert.Equal(["dlv_0"], plan.LeaseAhead.Select(d => d.Id));
    }

    [Fact]
    public void Make_NeverStartsMoreThanTheFreeSlots_WhenManyEndpointsHaveRoom()
    {
        var plan = ClaimPlan.Make(Due("a", "b", "c", "d"), Capacity(free: 2, perEndpoint: 8), NoneWaiting, Ahead(8));

        Assert.Equal(["dlv_0", "dlv_1"], plan.StartNow.Select(d => d.Id));
        Assert.Equal(["dlv_2", "dlv_3"], plan.LeaseAhead.Select(d => d.Id));
    }

    [Fact]
    public void Excluded_NamesEndpointsAtTheirLimitWithEnoughWaitingAhead_WhenOthersHaveRoom()
    {
        var capacity = Capacity(free: 10, perEndpoint: 2, ("full", 2), ("draining", 2), ("busy", 1));
        var waiting = new Dictionary<string, int> { ["full"] = 2, ["draining"] = 1, ["busy"] = 2 };

        var excluded = ClaimPlan.Excluded(capacity, waiting, new AheadLimits(PerEndpoint: 10, LowWater: 2, Total: 100));

        // "draining" is below the low water: refilled; "busy" has a free slot.
        Assert.Equal(["full"], excluded.Order());
    }

    [Fact]
    public void Excluded_NamesEveryEndpointAtItsLimit_WhenNoRoomIsLeftAhead()
    {
        var capacity = Capacity(free: 10, perEndpoint: 2, ("a", 2), ("b", 2), ("c", 1));
        var waiting = new Dictionary<string, int> { ["a"] = 1 };

        var excluded = ClaimPlan.Excluded(capacity, waiting, new AheadLimits(PerEndpoint: 10, LowWater: 2, Total: 1));

        Assert.Equal(["a", "b"], excluded.Order());
    }

    [Fact]
    public void Make_LeasesABatchAheadForOneEndpoint_WhenItsLimitAheadIsDeeperThanInFlight()
    {
        var due = Due(Enumerable.Repeat("a", 30).ToArray());

        var plan = ClaimPlan.Make(due, Capacity(free: 64, perEndpoint: 8), NoneWaiting, new AheadLimits(PerEndpoint: 20, LowWater: 8, Total: 100));

        Assert.Equal(8, plan.StartNow.Count);
        Assert.Equal(20, plan.LeaseAhead.Count);
    }

    [Fact]
    public void Make_LeasesNoMoreThanTheRoomLeftAheadInAll_WhenManyEndpointsWait()
    {
        var waiting = new Dictionary<string, int> { ["x"] = 8 };

        var plan = ClaimPlan.Make(Due("a", "a", "b", "b"), Capacity(free: 0, perEndpoint: 1), waiting, new AheadLimits(PerEndpoint: 10, LowWater: 1, Total: 10));

        Assert.Empty(plan.StartNow);
        Assert.Equal(["dlv_0", "dlv_1"], plan.LeaseAhead.Select(d => d.Id));
    }

    [Fact]
    public void Wanted_ReadsABatch_WhenFewSlotsAreFreeButRoomIsLeftAhead()
    {
        var waiting = new Dictionary<string, int> { ["a"] = 40 };
        var capacity = Capacity(free: 2, perEndpoint: 8);

        Assert.Equal(50, ClaimPlan.Wanted(capacity, waiting, new AheadLimits(100, 8, 164), batchSize: 50));
        Assert.Equal(12, ClaimPlan.Wanted(capacity, waiting, new AheadLimits(100, 8, 50), batchSize: 50));
    }

    [Fact]
    public void Make_LeavesRowsOnlyOfEndpointsTheNextRoundExcludes_WhenABacklogExceedsTheRoom()
    {
        // What a round leaves in the queue belongs to endpoints that are then excluded from both the
        // read of due rows and the read of the next due time: the idle wait is never 0 on leftovers.
        var plan = ClaimPlan.Make(Due("a", "a", "a", "a", "b"), Capacity(free: 10, perEndpoint: 1), NoneWaiting, Ahead(1));
        var after = Capacity(free: 8, perEndpoint: 1, ("a", 1), ("b", 1));
        var waiting = plan.LeaseAhead.GroupBy(d => d.EndpointId).ToDictionary(g => g.Key, g => g.Count());

        var left = Due("a", "a", "a", "a", "b").Where(d => !plan.All.Any(p => p.Id == d.Id)).ToList();

        Assert.Equal(["dlv_2", "dlv_3"], left.Select(d => d.Id));
        Assert.All(left, d => Assert.Contains(d.EndpointId, ClaimPlan.Excluded(after, waiting, Ahead(1))));
    }

    [Theory]
    [InlineData(64, 64, true)]   // idle: any slot is worth a claim
    [InlineData(1, 1, true)]
    [InlineData(15, 64, false)]  // under load: wait for a quarter of the slots
    [InlineData(16, 64, true)]
    [InlineData(0, 64, false)]
    public void WorthClaiming_WaitsForAQuarterOfTheSlots_WhenUnderLoadWithNoRoomAhead(int free, int slots, bool worth)
    {
        var full = new Dictionary<string, int> { ["a"] = 100 };
        Assert.Equal(worth, ClaimPlan.WorthClaiming(new CapacitySnapshot(free, slots, new Dictionary<string, int>(), 2), full, new AheadLimits(200, 100, 100), batchSize: 100));
    }

    [Theory]
    [InlineData(200, false)] // the queues ahead are full: nothing to take
    [InlineData(151, false)] // under a quarter of the room ahead is free
    [InlineData(150, true)]
    [InlineData(0, true)]
    public void WorthClaiming_RefillsAheadWithNoSlotFree_WhenAQuarterOfTheRoomAheadIsFreeForEndpointsBelowLowWater(int waiting, bool worth)
    {
        // Every slot taken, and passed on from memory: none comes free while the queues ahead last.
        var capacity = Capacity(free: 0, perEndpoint: 8, ("a", 8), ("b", 8));
        var ahead = new Dictionary<string, int> { ["a"] = waiting / 2, ["b"] = waiting - waiting / 2 };

        Assert.Equal(worth, ClaimPlan.WorthClaiming(capacity, ahead, new AheadLimits(PerEndpoint: 200, LowWater: 100, Total: 200), batchSize: 100));
    }

    [Theory]
    [InlineData(100, true)]  // a quarter of the room ahead taken: refill before the sends run dry
    [InlineData(199, true)]
    [InlineData(200, false)] // half of it taken, and no endpoint at its limit below its low water
    [InlineData(300, false)]
    public void WorthClaiming_RefillsAheadWithNoSlotFree_WhenLessThanHalfTheRoomAheadIsTaken(int waiting, bool worth)
    {
        // Endpoints below their limit: every slot comes back only once the queues ahead are empty.
        var notSaturated = Capacity(free: 2, perEndpoint: 8, ("a", 7), ("b", 7), ("c", 8));
        var ahead = new Dictionary<string, int> { ["c"] = waiting };

        Assert.Equal(worth, ClaimPlan.WorthClaiming(notSaturated, ahead, new AheadLimits(PerEndpoint: 400, LowWater: 100, Total: 400), batchSize: 100));
    }
}
