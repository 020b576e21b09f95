namespace Webhooks.Core.Delivery.Sending;

/// <summary>
/// A fully built request: what goes on the wire, and the copy of its headers kept on the attempt
/// (credentials masked). <see cref="BodyText"/> is <see cref="Body"/> decoded, for the attempt record.
/// </summary>
public sealed record OutboundRequest(Uri Url, byte[] Body, string BodyText, IReadOnlyList<KeyValuePair<string, string>> Headers, string RecordedHeadersJson, TimeSpan Timeout);
