namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>One sent attempt waiting to be recorded and to move its delivery on.</summary>
/// <param name="Owner">The dispatcher instance that leased the delivery.</param>
public sealed record SettleRequest(string Owner, DeliveryAttempt Attempt, Settlement Settlement, string EndpointId);
