using System.Text.Json;

namespace Webhooks.Core.Events;

public static class WebhookPublisherExtensions
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Publishes any serializable object as <c>data</c> (camelCase, as the web defaults write it).</summary>
    public static Task<PublishResult> PublishAsync<TData>(this IWebhookPublisher publisher, string eventType, TData data, object? metadata = null, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var dataElement = JsonSerializer.SerializeToElement(data, Web);
        JsonElement? metadataElement = metadata is null ? null : JsonSerializer.SerializeToElement(metadata, metadata.GetType(), Web);
        return publisher.PublishAsync(eventType, dataElement, metadataElement, idempotencyKey, ct);
    }
}
