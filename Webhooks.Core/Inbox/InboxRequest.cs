namespace Webhooks.Core.Inbox;

/// <summary>A request caught by an inbox, with the result of checking its signature.</summary>
public class InboxRequest
{
    public long Id { get; set; }
    public string InboxToken { get; set; } = "";
    public DateTime ReceivedAt { get; set; }
    public string Method { get; set; } = "";
    public string Headers { get; set; } = "{}";
    public string Body { get; set; } = "";
    public bool BodyTruncated { get; set; }
    public SignatureCheck Signature { get; set; }
    public string? EndpointId { get; set; }
}
