namespace Webhooks.Core.Delivery.Sending;

/// <summary>
/// A fully built request: what goes on the wire, and the copy of its headers kept on the attempt
/// (credentials masked). <see cref="Body"/> is always the event's own body (<see cref="WebhookPayload"/>).
/// </summary>
/// <param name="RecordedHeadersUtf8">The kept copy, a JSON object as UTF-8: stored as it is (<see cref="DeliveryAttempt.RequestHeadersUtf8"/>).</param>
public sealed record OutboundRequest(Uri Url, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] RecordedHeadersUtf8, TimeSpan Timeout);
