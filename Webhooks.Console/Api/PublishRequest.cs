using System.Text.Json;

namespace Webhooks.Console.Api;

/// <summary>Body of <c>POST /api/v1/events</c>.</summary>
public sealed class PublishRequest
{
    /// <summary>The event type, such as <c>customer.created</c>.</summary>
    public string? Event { get; set; }
    /// <summary>The event's data: a JSON object.</summary>
    public JsonElement? Data { get; set; }
    /// <summary>Optional JSON object sent alongside (who, from where).</summary>
    public JsonElement? Metadata { get; set; }
    /// <summary>Publishing again with the same key returns the first event and creates nothing.</summary>
    public string? IdempotencyKey { get; set; }
}
