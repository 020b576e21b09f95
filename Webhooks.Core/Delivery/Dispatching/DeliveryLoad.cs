using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>What a load of claimed ids found.</summary>
/// <param name="Deliveries">With Event and Endpoint; ids deleted meanwhile are simply absent.</param>
/// <param name="Unreadable">Rows that could not be read (a stored column that does not decode), by id, with the reason.</param>
public sealed record DeliveryLoad(List<DeliveryEntity> Deliveries, IReadOnlyDictionary<string, string> Unreadable);
