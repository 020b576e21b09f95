using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>A claimed delivery in memory, ready to send.</summary>
/// <param name="Delivery">With its Event and Endpoint as loaded, and its count of claims without a result, this one included.</param>
/// <param name="EndpointStamp"><see cref="Endpoints.EndpointChanges.Stamp"/> taken before the load: the endpoint copy is current until it changes after this.</param>
/// <param name="LeasedAt">When the lease was taken: a delivery waiting ahead too long is handed back.</param>
public sealed record LoadedDelivery(DeliveryEntity Delivery, long EndpointStamp, DateTime LeasedAt)
{
    public string Id => Delivery.Id;
    public string EndpointId => Delivery.EndpointId;
}
