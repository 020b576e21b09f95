namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>A delivery the queue says is due: not yet claimed by anyone.</summary>
public sealed record DueDelivery(string Id, string EndpointId);
