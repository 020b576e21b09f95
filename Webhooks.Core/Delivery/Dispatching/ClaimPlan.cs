namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// What one claim round takes, decided from a capacity snapshot with no I/O: due deliveries whose
/// endpoint has a free slot start now (global slots permitting), up to the per-endpoint limit more
/// are leased ahead to start from memory as that endpoint's sends finish, and the rest stay in the
/// queue untouched.
/// </summary>
/// <param name="StartNow">To claim and start at once, in due order.</param>
/// <param name="LeaseAhead">To claim and keep waiting for their endpoint's next free slot.</param>
public sealed record ClaimPlan(IReadOnlyList<DueDelivery> StartNow, IReadOnlyList<DueDelivery> LeaseAhead)
{
    public IEnumerable<DueDelivery> All => StartNow.Concat(LeaseAhead);

    /// <summary>
    /// Whether a round is worth its statements. With every slot free, any one is; under load only
    /// once a quarter of the slots (at most a batch) are: a claim per finished send would spend the
    /// database's one write lock on claims of one row each.
    /// </summary>
    public static bool WorthClaiming(CapacitySnapshot capacity, int batchSize)
    {
        if (capacity.FreeSlots == 0)
            return false;
        return capacity.FreeSlots == capacity.Slots || capacity.FreeSlots >= Math.Max(1, Math.Min(batchSize, capacity.Slots / 4));
    }

    /// <summary>How many due rows to read: never more than could start now.</summary>
    public static int Wanted(CapacitySnapshot capacity, int batchSize) => Math.Min(capacity.FreeSlots, batchSize);

    /// <summary>
    /// Endpoints whose due deliveries a round cannot take: at their limit of requests in flight, or
    /// with as many leased ahead as may wait. Both the read of due rows and the read of the next due
    /// time leave out exactly these, so an idle wait is never computed from rows the round skipped.
    /// </summary>
    public static IReadOnlyCollection<string> Excluded(CapacitySnapshot capacity, IReadOnlyDictionary<string, int> waitingAhead)
    {
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (endpointId, _) in capacity.InFlight)
            if (capacity.IsSaturated(endpointId))
                excluded.Add(endpointId);
        foreach (var (endpointId, waiting) in waitingAhead)
            if (waiting >= capacity.PerEndpoint)
                excluded.Add(endpointId);
        return excluded;
    }

    public static ClaimPlan Make(IReadOnlyList<DueDelivery> due, CapacitySnapshot capacity, IReadOnlyDictionary<string, int> waitingAhead)
    {
        var startNow = new List<DueDelivery>();
        var ahead = new List<DueDelivery>();
        var slots = capacity.FreeSlots;
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
            else if (capacity.PerEndpoint - waitingAhead.GetValueOrDefault(endpointId) > leasing.GetValueOrDefault(endpointId))
            {
                ahead.Add(delivery);
                leasing[endpointId] = leasing.GetValueOrDefault(endpointId) + 1;
            }
        }
        return new ClaimPlan(startNow, ahead);
    }
}
