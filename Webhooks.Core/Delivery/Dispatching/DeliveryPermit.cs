namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>One send's share of <see cref="DeliveryPermits"/>: a global slot and an endpoint slot, each given back once.</summary>
public sealed class DeliveryPermit : IDisposable
{
    private readonly DeliveryPermits _owner;
    private int _endpointHeld = 1;
    private int _slotHeld = 1;

    internal DeliveryPermit(DeliveryPermits owner, string endpointId)
    {
        _owner = owner;
        EndpointId = endpointId;
    }

    public string EndpointId { get; }

    public bool HoldsEndpoint => Volatile.Read(ref _endpointHeld) == 1;

    /// <summary>The request is over: the endpoint may take another while this attempt is recorded. Idempotent.</summary>
    public void ReleaseEndpoint()
    {
        if (Interlocked.Exchange(ref _endpointHeld, 0) == 1)
            _owner.ReleaseEndpoint(EndpointId);
    }

    /// <summary>
    /// The request is over: passes this permit's endpoint slot to a new permit with a global slot of
    /// its own, for the endpoint's next delivery. The endpoint never looks free in between, so a claim
    /// round does not read the queue for it only to find it full again. Null when no global slot is
    /// free, the endpoint is above this console's part, or the endpoint slot is already given back;
    /// this permit then keeps what it holds.
    /// </summary>
    public DeliveryPermit? TryPassEndpoint()
    {
        if (!HoldsEndpoint || !_owner.TryTakeSlot(EndpointId))
            return null;
        if (Interlocked.Exchange(ref _endpointHeld, 0) == 0)
        {
            _owner.ReleaseSlot(); // given back meanwhile: nothing to pass
            return null;
        }
        return new DeliveryPermit(_owner, EndpointId);
    }

    /// <summary>Gives back whatever is still held. Idempotent.</summary>
    public void Dispose()
    {
        ReleaseEndpoint();
        if (Interlocked.Exchange(ref _slotHeld, 0) == 1)
            _owner.ReleaseSlot();
    }
}
