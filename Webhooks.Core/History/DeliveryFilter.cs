using Webhooks.Core.Delivery;

namespace Webhooks.Core.History;

/// <summary>What the deliveries grids filter by; every field optional.</summary>
public sealed record DeliveryFilter
{
    public DeliveryStatus? Status { get; init; }
    public string? EventType { get; init; }
    public string? EndpointId { get; init; }
    public string? EventId { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public bool? IsTest { get; init; }
}
