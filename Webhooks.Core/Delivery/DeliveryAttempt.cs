namespace Webhooks.Core.Delivery;

/// <summary>One HTTP try, recorded exactly as sent and answered (bodies capped by options).</summary>
public class DeliveryAttempt
{
    public long Id { get; set; }
    public string DeliveryId { get; set; } = "";
    public int Number { get; set; }
    public AttemptTrigger Trigger { get; set; }
    public DateTime StartedAt { get; set; }
    public int DurationMs { get; set; }
    public string RequestUrl { get; set; } = "";
    /// <summary>Request headers as sent, JSON object of name to value; auth values masked.</summary>
    public string RequestHeaders { get; set; } = "{}";
    /// <summary>
    /// The body sent; null when it was the event's own body (<see cref="Sending.WebhookPayload"/>), as
    /// it is for every attempt the dispatcher makes. Those bytes follow from the event row alone, so
    /// they are kept once with the event instead of again on every attempt: writing them per attempt
    /// was the largest part of recording one. <see cref="AttemptBodies.Fill"/> puts them back for
    /// reading. Empty when nothing was sent (the request could not be built).
    /// </summary>
    public string? RequestBody { get; set; }
    public int? ResponseStatus { get; set; }
    public string? ResponseHeaders { get; set; }
    public string? ResponseBody { get; set; }
    public bool ResponseBodyTruncated { get; set; }
    public bool Succeeded { get; set; }
    public AttemptErrorKind ErrorKind { get; set; }
    public string? Error { get; set; }
}
