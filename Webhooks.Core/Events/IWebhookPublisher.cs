using System.Text.Json;

namespace Webhooks.Core.Events;

/// <summary>Publishes events in process: the host application's and the HTTP API's way in.</summary>
public interface IWebhookPublisher
{
    /// <summary>
    /// Writes the event and one delivery per subscribed endpoint (skipped for disabled endpoints) in
    /// one transaction, then wakes the dispatcher. <paramref name="data"/> must be a JSON object,
    /// <paramref name="metadata"/> an object or null.
    /// </summary>
    /// <exception cref="PublishException">Unknown or archived type, payload too large or not an object; nothing was written.</exception>
    Task<PublishResult> PublishAsync(string eventType, JsonElement data, JsonElement? metadata = null, string? idempotencyKey = null, CancellationToken ct = default);
}
