namespace Webhooks.Core.Events;

/// <summary>An entry of the event catalog, such as <c>customer.created</c>.</summary>
public class EventType
{
    public const string TestEventName = "webhook.test";

    public string Name { get; set; } = "";
    public string Group { get; set; } = "";
    public string Description { get; set; } = "";
    /// <summary>Example <c>data</c> object, JSON; pre-fills the Test dialog and derives the OpenAPI schema.</summary>
    public string SamplePayload { get; set; } = "{}";
    /// <summary>Optional JSON Schema of <c>data</c>; when null, one is derived from the sample.</summary>
    public string? Schema { get; set; }
    public bool IsArchived { get; set; }
    public bool IsBuiltIn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
