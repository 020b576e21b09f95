using System.Text.Json;
using Webhooks.Core.Events;

namespace Webhooks.Console.Api;

/// <summary>Body of the event-type routes; <c>samplePayload</c> and <c>schema</c> are JSON objects.</summary>
public sealed class EventTypeRequest
{
    public string? Name { get; set; }
    public string? Group { get; set; }
    public string? Description { get; set; }
    public JsonElement? SamplePayload { get; set; }
    public JsonElement? Schema { get; set; }
    public bool? Archived { get; set; }

    public EventTypeInput ToInput(string name, EventType? existing = null) => new()
    {
        Name = name,
        Group = Group ?? existing?.Group,
        Description = Description ?? existing?.Description ?? "",
        SamplePayload = SamplePayload is { } sample ? sample.GetRawText() : existing?.SamplePayload ?? "{}",
        Schema = Schema is { } schema ? schema.GetRawText() : existing?.Schema,
    };
}
