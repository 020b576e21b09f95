namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The dispatcher's capacity, handed out as permits. A send holds a request slot and one slot of its
/// endpoint while its request is out (so one slow receiver cannot take the whole pool), and a place
/// among the unfinished sends until its attempt is recorded. Attempts are recorded in batches
/// (<see cref="SettleQueue"/>): a request slot held until the commit left the slot idle while the
/// batch waited for the single writer, and the 8-endpoint bench sent a quarter fewer a second; the
/// places (<paramref name="slots"/> plus <paramref name="unrecorded"/>) still bound what is sent
/// but not recorded, which is also what a crash sends twice. A permit gives back whatever it still
/// holds when disposed, so every path that took one gives it back in a <c>finally</c>. Every release
/// that frees a slot calls <c>released</c> (the dispatcher's wake-up): nothing decides whether
/// someone is waiting, so no wake-up can be missed. A place given back while places were not what
/// held sends back frees no slot and calls <c>recorded</c> instead: at a flood it was the wake-up
/// of every recorded attempt, and woke the dispatcher for ~2,300 rounds a second that found nothing
/// new to take, against ~200 that claimed (bench, 1 endpoint, ~20,000 deliveries/s). The endpoint
/// limit is this console's part of <paramref name="perEndpoint"/> (<see cref="ConsoleShare"/>),
/// read at each acquire: when another console joins, endpoints above the new part take no new
/// request until enough have ended.
/// </summary>
public sealed class DeliveryPermits(int slots, int perEndpoint, Action released, ConsoleShare? share = null, int unrecorded = 0, Action? recorded = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _free = slots;
    private int _places = slots + unrecorded;

    /// <summary>Requests in flight at most (<see cref="DeliveryOptions.MaxConcurrency"/>).</summary>
    public int Slots { get; } = slots;

    /// <summary>Sends not yet recorded at most: <see cref="Slots"/> plus those answered and waiting for their record.</summary>
    public int Places { get; } = slots + unrecorded;

    /// <summary>Requests this console allows in flight per endpoint now.</summary>
    public int PerEndpoint => share?.InFlight(perEndpoint) ?? perEndpoint;

    /// <summary>Sends that may start now: free request slots, as far as places are free.</summary>
    public int FreeSlots
    {
        get { lock (_gate) return Math.Min(_free, _places); }
    }

    /// <summary>Sends started and not yet recorded (for health views and tests).</summary>
    public int Unfinished
    {
        get { lock (_gate) return Places - _places; }
    }

    /// <summary>Requests in flight to the endpoint.</summary>
    public int InFlight(string endpointId)
    {
        lock (_gate)
            return _inFlight.GetValueOrDefault(endpointId);
    }

    /// <summary>A request slot, one of the endpoint's and a place, or null when any is taken up.</summary>
    public DeliveryPermit? TryAcquire(string endpointId)
    {
        lock (_gate)
        {
            if (_free == 0 || _places == 0)
                return null;
            var count = _inFlight.GetValueOrDefault(endpointId);
            if (count >= PerEndpoint)
                return null;
            _inFlight[endpointId] = count + 1;
            _free--;
            _places--;
        }
        return new DeliveryPermit(this, endpointId);
    }

    public CapacitySnapshot Snapshot()
    {
        lock (_gate)
            return new CapacitySnapshot(Math.Min(_free, _places), Slots, new Dictionary<string, int>(_inFlight, StringComparer.Ordinal), PerEndpoint);
    }

    /// <summary>
    /// Takes a place alone, for a permit that takes over a request slot and an endpoint slot already
    /// counted; not while the endpoint is above this console's part (another console joined).
    /// </summary>
    internal bool TryTakePlace(string endpointId)
    {
        lock (_gate)
        {
            if (_places == 0 || _inFlight.GetValueOrDefault(endpointId) > PerEndpoint)
                return false;
            _places--;
            return true;
        }
    }

    /// <summary>A request is over: its endpoint slot and request slot are free again.</summary>
    internal void ReleaseRequest(string endpointId)
    {
        lock (_gate)
        {
            var count = _inFlight.GetValueOrDefault(endpointId);
            if (count <= 1)
                _inFlight.Remove(endpointId);
            else
                _inFlight[endpointId] = count - 1;
            _free++;
        }
        released();
    }

    /// <summary>An attempt is recorded: its place is free again.</summary>
    internal void ReleasePlace()
    {
        bool freesSlot;
        lock (_gate)
        {
            // Sends may start min(free slots, places): one more place frees a slot only while places were fewer.
            freesSlot = _places < _free;
            _places++;
        }
        if (freesSlot)
            released();
        else
            recorded?.Invoke();
    }
}
