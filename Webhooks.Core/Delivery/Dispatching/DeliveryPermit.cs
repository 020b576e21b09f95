namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// One send's share of <see cref="DeliveryPermits"/>: its request (a request slot and an endpoint
/// slot, given back together once the answer is in) and its place among the unfinished sends
/// (given back once the attempt is recorded), each given back once.
/// </summary>
public sealed class DeliveryPermit : IDisposable
{
    private readonly DeliveryPermits _owner;
    private int _requestHeld = 1;
    private int _placeHeld = 1;

    internal DeliveryPermit(DeliveryPermits owner, string endpointId)
    {
        _owner = owner;
        EndpointId = endpointId;
    }

    public string EndpointId { get; }

    /// <summary>Whether the request's slots (its endpoint's among them) are still held.</summary>
    public bool HoldsEndpoint => Volatile.Read(ref _requestHeld) == 1;

    /// <summary>The request is over: the endpoint (and the pool) may take another while this attempt is recorded. Idempotent.</summary>
    public void ReleaseEndpoint()
    {
        if (Interlocked.Exchange(ref _requestHeld, 0) == 1)
            _owner.ReleaseRequest(EndpointId);
    }

    /// <summary>
    /// The request is over: passes this permit's request and endpoint slots to a new permit with a
    /// place of its own, for the endpoint's next delivery. The endpoint never looks free in between,
    /// so a claim round does not read the queue for it only to find it full again. Null when no place
    /// is free, the endpoint is above this console's part, or the slots are already given back; this
    /// permit then keeps what it holds.
    /// </summary>
    public DeliveryPermit? TryPassEndpoint()
    {
        if (!HoldsEndpoint || !_owner.TryTakePlace(EndpointId))
            return null;
        if (Interlocked.Exchange(ref _requestHeld, 0) == 0)
        {
            _owner.ReleasePlace(); // given back meanwhile: nothing to pass
            return null;
        }
        return new DeliveryPermit(_owner, EndpointId);
    }

    /// <summary>Gives back whatever is still held. Idempotent.</summary>
    public void Dispose()
    {
        ReleaseEndpoint();
        if (Interlocked.Exchange(ref _placeHeld, 0) == 1)
            _owner.ReleasePlace();
    }
}
