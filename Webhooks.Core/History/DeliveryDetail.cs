using Webhooks.Core.Delivery;
using Webhooks.Core.Events;

namespace Webhooks.Core.History;

/// <summary>A delivery with its event, its endpoint's name and every attempt in order.</summary>
public sealed record DeliveryDetail(Delivery.Delivery Delivery, Event Event, string EndpointName, IReadOnlyList<DeliveryAttempt> Attempts);
