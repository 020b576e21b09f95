namespace Webhooks.Core.Delivery.Sending;

/// <summary>An event's body as sent and signed (<see cref="Bytes"/>) and as recorded on the attempt (<see cref="Text"/>, the same bytes decoded).</summary>
public sealed record EncodedPayload(byte[] Bytes, string Text);
