using System.ComponentModel.DataAnnotations.Schema;
using System.Text;

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
    // Named so EF does not take it for the property's backing field: EF reads and writes
    // RequestHeaders through the property, which decodes the UTF-8 form on first read.
    private string? _headersText = "{}";
    private byte[]? _headersUtf8;

    /// <summary>Request headers as sent, JSON object of name to value; auth values masked.</summary>
    public string RequestHeaders
    {
        get => _headersText ??= _headersUtf8 is { } utf8 ? Encoding.UTF8.GetString(utf8) : "{}";
        set => (_headersText, _headersUtf8) = (value, null);
    }

    /// <summary>
    /// <see cref="RequestHeaders"/> as the UTF-8 the request factory wrote, when set so: the settle
    /// stores these bytes as they are, and the text is made only if something reads it (a test's
    /// answer shown in place). Null once the text was set instead.
    /// </summary>
    [NotMapped]
    public byte[]? RequestHeadersUtf8
    {
        get => _headersUtf8;
        set => (_headersText, _headersUtf8) = (value is null ? "{}" : null, value);
    }
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
