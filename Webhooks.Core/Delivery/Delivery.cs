namespace Webhooks.Core.Delivery;

/// <summary>
/// One event for one endpoint. These rows are the dispatcher's queue: a delivery is due when it is
/// Pending, <see cref="NextAttemptAt"/> has passed and no live lease holds it.
/// </summary>
public class Delivery
{
    public string Id { get; set; } = "";
    public string EventId { get; set; } = "";
    public string EndpointId { get; set; } = "";
    /// <summary>Copied from the event so the grids filter without a join.</summary>
    public string EventType { get; set; } = "";
    public DeliveryStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    /// <summary>What the next attempt counts as: a manual retry is recorded as such and never rescheduled.</summary>
    public AttemptTrigger NextTrigger { get; set; }
    public DateTime? LeasedUntil { get; set; }
    public string? LeasedBy { get; set; }
    public bool IsTest { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public int? LastDurationMs { get; set; }
    public string? LastError { get; set; }
    /// <summary>
    /// Claims since the last result (an attempt recorded, a skip, a deliberate hand-back). A claim that
    /// ends without one (processing failed, or the process died) leaves it counted, so a delivery
    /// that can never be processed is given up as Failed after <see cref="DeliveryOptions.MaxTries"/>
    /// instead of being claimed forever.
    /// </summary>
    public int UnsettledClaims { get; set; }
    /// <summary>
    /// Attempts made by hand (Retry now, Retry selected). They never use up a try of the retry
    /// schedule: the schedule counts <see cref="AttemptCount"/> minus these.
    /// </summary>
    public int ManualAttempts { get; set; }

    public Events.Event? Event { get; set; }
    public Endpoints.Endpoint? Endpoint { get; set; }
    public List<DeliveryAttempt> Attempts { get; set; } = [];
}
