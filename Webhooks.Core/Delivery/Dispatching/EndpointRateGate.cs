namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// Spaces attempts to an endpoint with <c>RateLimitPerSecond</c>: each attempt takes the next free
/// slot, 1/rate apart. A delivery whose slot is in the future is given back with that slot as its
/// due time and keeps the reservation, so it goes through when it returns; other endpoints are not
/// slowed. The slots live in this process: with several consoles on one database each spaces its
/// attempts by its share of the rate (<see cref="ConsoleShare"/>), so together they keep to it.
/// </summary>
public sealed class EndpointRateGate(ConsoleShare? share = null)
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);
    private static readonly ConsoleShare Alone = new();
    private readonly Dictionary<string, State> _endpoints = new(StringComparer.Ordinal);

    /// <summary>Null when the attempt may go now; otherwise the reserved time to come back at.</summary>
    public DateTime? Reserve(string endpointId, string deliveryId, int perSecond, DateTime now)
    {
        var interval = (share ?? Alone).Spacing(perSecond);
        lock (_endpoints)
        {
            if (!_endpoints.TryGetValue(endpointId, out var state))
                _endpoints[endpointId] = state = new State();

            if (state.Reserved.Remove(deliveryId, out var slot))
            {
                // Back for its reserved slot; early only if the clock ran ahead of the poll.
                if (slot <= now)
                    return null;
                state.Reserved[deliveryId] = slot;
                return slot;
            }

            // Reservations of deliveries that never came back (deleted, taken by another instance).
            foreach (var stale in state.Reserved.Where(r => r.Value < now - StaleAfter).Select(r => r.Key).ToList())
                state.Reserved.Remove(stale);

            var next = state.NextFree > now ? state.NextFree : now;
            state.NextFree = next + interval;
            if (next <= now)
                return null;
            state.Reserved[deliveryId] = next;
            return next;
        }
    }

    private sealed class State
    {
        public DateTime NextFree;
        public readonly Dictionary<string, DateTime> Reserved = new(StringComparer.Ordinal);
    }
}
