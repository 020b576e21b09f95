namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>A delivery this instance now holds the lease on.</summary>
/// <param name="IsTest">A test send whose caller never recorded its answer (the dispatcher never sends tests).</param>
/// <param name="UnsettledClaims">Claims without a result, this one included (<see cref="Delivery.UnsettledClaims"/>).</param>
public sealed record ClaimedDelivery(string Id, string EndpointId, bool IsTest, int UnsettledClaims);
