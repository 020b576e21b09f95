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
    public string RequestBody { get; set; } = "";
    public int? ResponseStatus { get; set; }
    public string? ResponseHeaders { get; set; }
    public string? ResponseBody { get; set; }
    public bool ResponseBodyTruncated { get; set; }
    public bool Succeeded { get; set; }
    public AttemptErrorKind ErrorKind { get; set; }
    public string? Error { get; set; }
}
