namespace Webhooks.Core.Events;

/// <summary>A published event; fanned out into one <see cref="Delivery.Delivery"/> per subscribed endpoint.</summary>
public class Event
{
    public string Id { get; set; } = "";
    public string Type { get; set; } = "";
    /// <summary>The <c>data</c> object as published, JSON text.</summary>
    public string Data { get; set; } = "{}";
    /// <summary>The <c>metadata</c> object as published, JSON text; null when none was given.</summary>
    public string? Metadata { get; set; }
    public DateTime OccurredAt { get; set; }
    public string? IdempotencyKey { get; set; }
}
