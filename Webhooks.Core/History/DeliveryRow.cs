using Webhooks.Core.Delivery;

namespace Webhooks.Core.History;

/// <summary>One line of a deliveries grid.</summary>
public sealed record DeliveryRow(
    string Id, string EventId, string EventType, string EndpointId, string EndpointName, DeliveryStatus Status, int AttemptCount,
    int? LastStatusCode, int? LastDurationMs, string? LastError, DateTime CreatedAt, DateTime? LastAttemptAt, DateTime? NextAttemptAt, bool IsTest);
