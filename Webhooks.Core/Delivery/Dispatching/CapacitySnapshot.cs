namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>The dispatcher's capacity at one moment: what a claim round plans with.</summary>
/// <param name="FreeSlots">Sends that may start now: request slots free, as far as places for unrecorded sends are (<see cref="DeliveryPermits"/>).</param>
/// <param name="Slots">Request slots in all (<see cref="DeliveryOptions.MaxConcurrency"/>).</param>
/// <param name="InFlight">Requests in flight per endpoint; endpoints with none are absent.</param>
/// <param name="PerEndpoint">Requests allowed in flight per endpoint.</param>
public sealed record CapacitySnapshot(int FreeSlots, int Slots, IReadOnlyDictionary<string, int> InFlight, int PerEndpoint)
{
    /// <summary>How many more requests the endpoint may have in flight.</summary>
    public int Room(string endpointId) => PerEndpoint - InFlight.GetValueOrDefault(endpointId);

    public bool IsSaturated(string endpointId) => Room(endpointId) <= 0;
}
