namespace Webhooks.Core.Events;

/// <param name="EventId">The event's id (<c>evt_…</c>); for a duplicate, the first event's.</param>
/// <param name="Deliveries">Deliveries written for the event, skipped ones included.</param>
/// <param name="Duplicate">True when the idempotency key was seen before and nothing new was written.</param>
public sealed record PublishResult(string EventId, int Deliveries, bool Duplicate);
