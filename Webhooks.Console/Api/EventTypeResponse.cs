using System.Text.Json;
using Webhooks.Core.Events;

namespace Webhooks.Console.Api;

public sealed record EventTypeResponse(string Name, string Group, string Description, JsonElement SamplePayload, JsonElement? Schema, bool Archived, bool BuiltIn)
{
    public static EventTypeResponse From(EventType t) => new(
        t.Name, t.Group, t.Description, JsonDocument.Parse(t.SamplePayload).RootElement.Clone(),
        t.Schema is null ? null : JsonDocument.Parse(t.Schema).RootElement.Clone(), t.IsArchived, t.IsBuiltIn);
}
