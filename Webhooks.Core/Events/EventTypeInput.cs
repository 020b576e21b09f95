namespace Webhooks.Core.Events;

/// <summary>A catalog entry as submitted by an admin, a script, or <c>Webhooks:EventTypes</c>.</summary>
public sealed class EventTypeInput
{
    public string Name { get; set; } = "";
    public string? Group { get; set; }
    public string Description { get; set; } = "";
    /// <summary>Example <c>data</c> object as JSON text.</summary>
    public string SamplePayload { get; set; } = "{}";
    /// <summary>Optional JSON Schema of <c>data</c>.</summary>
    public string? Schema { get; set; }
}
