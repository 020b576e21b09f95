using Webhooks.Core.Delivery.Dispatching;

namespace Webhooks.Tests.Core.Delivery.Dispatching;

public sealed class ClaimPlanTests
{
    private static readonly IReadOnlyDictionary<string, int> NoneWaiting = new Dictionary<string, int>();

    private static CapacitySnapshot Capacity(int free, int perEndpoint, params (string Endpoint, int InFlight)[] inFlight) =>
        new(free, 64, inFlight.ToDictionary(p => p.Endpoint, p => p.InFlight), perEndpoint);

    private static List<DueDelivery> Due(params string[] endpoints) =>
        endpoints.Select((e, i) => new DueDelivery($"dlv_{i}", e)).ToList();

    [Fact]
    public void Make_StartsUpToTheEndpointsRoomAndLeasesTheNextAhead_WhenOneEndpointHasABacklog()
    {
        var plan = ClaimPlan.Make(Due("a", "a", "a", "a", "a", "a"), Capacity(free: 10, perEndpoint: 2, ("a", 1)), NoneWaiting);

        Assert.Equal(["dlv_0"], plan.StartNow.Select(d => d.Id));
        Assert.Equal(["dlv_1", "dlv_2"], plan.LeaseAhead.Select(d => d.Id));
    }

    [Fact]
    public void Make_LeasesOnlyTheRoomLeftAhead_WhenSomeAlreadyWait()
    {
        var waiting = new Dictionary<string, int> { ["a"] = 1 };

        var plan = ClaimPlan.Make(Due("a", "a", "a"), Capacity(free: 10, perEndpoint: 2, ("a", 2)), waiting);

        Assert.Empty(plan.StartNow);
        Assert.Equal(["dlv_0"], plan.LeaseAhead.Select(d => d.Id));
    }

    [Fact]
    public void Make_NeverStartsMoreThanTheFreeSlots_WhenManyEndpointsHaveRoom()
    {
        var plan = ClaimPlan.Make(Due("a", "b", "c", "d"), Capacity(free: 2, perEndpoint: 8), NoneWaiting);

        Assert.Equal(["dlv_0", "dlv_1"], plan.StartNow.Select(d => d.Id));
        Assert.Equal(["dlv_2", "dlv_3"], plan.LeaseAhead.Select(d => d.Id));
    }

    [Fact]
    public void Excluded_NamesEndpointsAtTheirLimitOrWithAFullQueueAhead_WhenOthersHaveRoom()
    {
        var capacity = Capacity(free: 10, perEndpoint: 2, ("full", 2), ("busy", 1));
        var waiting = new Dictionary<string, int> { ["queued"] = 2, ["busy"] = 1 };

        var excluded = ClaimPlan.Excluded(capacity, waiting);

        Assert.Equal(["full", "queued"], excluded.Order());
    }

    [Fact]
    public void Make_LeavesRowsOnlyOfEndpointsTheNextRoundExcludes_WhenABacklogExceedsTheRoom()
    {
        // What a round leaves in the queue belongs to endpoints that are then excluded from both the
        // read of due rows and the read of the next due time: the idle wait is never 0 on leftovers.
        var plan = ClaimPlan.Make(Due("a", "a", "a", "a", "b"), Capacity(free: 10, perEndpoint: 1), NoneWaiting);
        var after = Capacity(free: 8, perEndpoint: 1, ("a", 1), ("b", 1));
        var waiting = plan.LeaseAhead.GroupBy(d => d.EndpointId).ToDictionary(g => g.Key, g => g.Count());

        var left = Due("a", "a", "a", "a", "b").Where(d => !plan.All.Any(p => p.Id == d.Id)).ToList();

        Assert.Equal(["dlv_2", "dlv_3"], left.Select(d => d.Id));
        Assert.All(left, d => Assert.Contains(d.EndpointId, ClaimPlan.Excluded(after, waiting)));
    }

    [Theory]
    [InlineData(64, 64, true)]   // idle: any slot is worth a claim
    [InlineData(1, 1, true)]
    [InlineData(15, 64, false)]  // under load: wait for a quarter of the slots
    [InlineData(16, 64, true)]
    [InlineData(0, 64, false)]
    public void WorthClaiming_WaitsForAQuarterOfTheSlots_WhenUnderLoad(int free, int slots, bool worth)
    {
        Assert.Equal(worth, ClaimPlan.WorthClaiming(new CapacitySnapshot(free, slots, new Dictionary<string, int>(), 2), batchSize: 100));
    }
}
