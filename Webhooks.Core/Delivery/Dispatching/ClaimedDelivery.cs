namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>A delivery this instance now holds the lease on.</summary>
public sealed record ClaimedDelivery(string Id, string EndpointId);
