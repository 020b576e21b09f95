namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The dispatcher's capacity, handed out as permits: a send holds one global slot until its attempt
/// is recorded (so sent-but-unrecorded work stays bounded) and one slot of its endpoint while its
/// request is out (so one slow receiver cannot take the whole pool). A permit gives back whatever
/// it still holds when disposed, so every path that took one gives it back in a <c>finally</c>.
/// Every release calls <c>released</c> (the dispatcher's wake-up): nothing decides whether someone
/// is waiting, so no wake-up can be missed. The endpoint limit is this console's part of
/// <paramref name="perEndpoint"/> (<see cref="ConsoleShare"/>), read at each acquire: when another
/// console joins, endpoints above the new part take no new request until enough have ended.
/// </summary>
public sealed class DeliveryPermits(int slots, int perEndpoint, Action released, ConsoleShare? share = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _free = slots;

    public int Slots { get; } = slots;

    /// <summary>Requests this console allows in flight per endpoint now.</summary>
    public int PerEndpoint => share?.InFlight(perEndpoint) ?? perEndpoint;

    public int FreeSlots
    {
        get { lock (_gate) return _free; }
    }

    /// <summary>Requests in flight to the endpoint.</summary>
    public int InFlight(string endpointId)
    {
        lock (_gate)
            return _inFlight.GetValueOrDefault(endpointId);
    }

    /// <summary>A global slot and one of the endpoint's, or null when either is taken up.</summary>
    public DeliveryPermit? TryAcquire(string endpointId)
    {
        lock (_gate)
        {
            if (_free == 0)
                return null;
            var count = _inFlight.GetValueOrDefault(endpointId);
            if (count >= PerEndpoint)
                return null;
            _inFlight[endpointId] = count + 1;
            _free--;
        }
        return new DeliveryPermit(this, endpointId);
    }

    public CapacitySnapshot Snapshot()
    {
        lock (_gate)
            return new CapacitySnapshot(_free, Slots, new Dictionary<string, int>(_inFlight, StringComparer.Ordinal), PerEndpoint);
    }

    /// <summary>
    /// Takes a global slot alone, for a permit that takes over an endpoint slot already counted; not
    /// while the endpoint is above this console's part (another console joined).
    /// </summary>
    internal bool TryTakeSlot(string endpointId)
    {
        lock (_gate)
        {
            if (_free == 0 || _inFlight.GetValueOrDefault(endpointId) > PerEndpoint)
                return false;
            _free--;
            return true;
        }
    }

    internal void ReleaseEndpoint(string endpointId)
    {
        lock (_gate)
        {
            var count = _inFlight.GetValueOrDefault(endpointId);
            if (count <= 1)
                _inFlight.Remove(endpointId);
            else
                _inFlight[endpointId] = count - 1;
        }
        released();
    }

    internal void ReleaseSlot()
    {
        lock (_gate)
            _free++;
        released();
    }
}
