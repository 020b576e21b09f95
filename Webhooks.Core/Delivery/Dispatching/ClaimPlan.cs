namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// What one claim round takes, decided from a capacity snapshot with no I/O: due deliveries whose
/// endpoint has a free slot start now (global slots permitting), more are leased ahead to start
/// from memory as that endpoint's sends finish (within <see cref="AheadLimits"/>), and the rest
/// stay in the queue untouched.
/// </summary>
/// <param name="StartNow">To claim and start at once, in due order.</param>
/// <param name="LeaseAhead">To claim and keep waiting for their endpoint's next free slot.</param>
public sealed record ClaimPlan(IReadOnlyList<DueDelivery> StartNow, IReadOnlyList<DueDelivery> LeaseAhead)
{
    public IEnumerable<DueDelivery> All => StartNow.Concat(LeaseAhead);

    /// <summary>
    /// Whether a round is worth its statements. With every slot free, any one is; under load only
    /// once a quarter of the slots (at most a batch) are, or once a quarter of the room ahead (at
    /// most a batch) is and either less than half the room ahead is taken or an endpoint at its
    /// limit in flight has fewer than <see cref="AheadLimits.LowWater"/> waiting: a claim per
    /// finished send would spend the database's one write lock on claims of one row each. Slots are
    /// passed on from memory to whatever waits ahead, so none comes free while the queues ahead
    /// last: waiting for free slots alone refilled them only once they had run dry, and the sends
    /// then waited through the claim and load.
    /// </summary>
    public static bool WorthClaiming(CapacitySnapshot capacity, IReadOnlyDictionary<string, int> waitingAhead, AheadLimits limits, int batchSize)
    {
        if (capacity.FreeSlots > 0 && (capacity.FreeSlots == capacity.Slots || capacity.FreeSlots >= Math.Max(1, Math.Min(batchSize, capacity.Slots / 4))))
            return true;
        var waiting = waitingAhead.Values.Sum();
        return limits.Total - waiting >= Math.Max(1, Math.Min(batchSize, limits.Total / 4))
            && (waiting < limits.Total / 2 || capacity.InFlight.Keys.Any(e => capacity.IsSaturated(e) && waitingAhead.GetValueOrDefault(e) < limits.LowWater));
    }

    /// <summary>How many due rows to read: never more than could start now or wait ahead.</summary>
    public static int Wanted(CapacitySnapshot capacity, IReadOnlyDictionary<string, int> waitingAhead, AheadLimits limits, int batchSize) =>
        Math.Max(1, Math.Min(batchSize, capacity.FreeSlots + Math.Max(0, limits.Total - waitingAhead.Values.Sum())));

    /// <summary>
    /// Endpoints whose due deliveries a round does not take: at their limit of requests in flight,
    /// with enough waiting ahead (<see cref="AheadLimits.LowWater"/>) or no room left ahead. Both
    /// the read of due rows and the read of the next due time leave out exactly these, so an idle
    /// wait is never computed from rows the round skipped.
    /// </summary>
    public static IReadOnlyCollection<string> Excluded(CapacitySnapshot capacity, IReadOnlyDictionary<string, int> waitingAhead, AheadLimits limits)
    {
        var aheadFull = waitingAhead.Values.Sum() >= limits.Total;
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (endpointId, _) in capacity.InFlight)
        {
            var waiting = waitingAhead.GetValueOrDefault(endpointId);
            if (capacity.IsSaturated(endpointId) && (aheadFull || waiting >= limits.LowWater))
                excluded.Add(endpointId);
        }
        return excluded;
    }

    public static ClaimPlan Make(IReadOnlyList<DueDelivery> due, CapacitySnapshot capacity, IReadOnlyDictionary<string, int> waitingAhead, AheadLimits limits)
    {
        var startNow = new List<DueDelivery>();
        var ahead = new List<DueDelivery>();
        var slots = capacity.FreeSlots;
        var aheadRoom = limits.Total - waitingAhead.Values.Sum();
        var starting = new Dictionary<string, int>(StringComparer.Ordinal);
        var leasing = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var delivery in due)
        {
            var endpointId = delivery.EndpointId;
            if (slots > 0 && capacity.Room(endpointId) > starting.GetValueOrDefault(endpointId))
            {
                startNow.Add(delivery);
                starting[endpointId] = starting.GetValueOrDefault(endpointId) + 1;
                slots--;
            }
            else if (aheadRoom > 0 && limits.PerEndpoint - waitingAhead.GetValueOrDefault(endpointId) > leasing.GetValueOrDefault(endpointId))
            {
                ahead.Add(delivery);
                leasing[endpointId] = leasing.GetValueOrDefault(endpointId) + 1;
                aheadRoom--;
            }
        }
        return new ClaimPlan(startNow, ahead);
    }
}
