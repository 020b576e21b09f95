namespace Webhooks.Core.Delivery.Sending;

/// <summary>The request could not be built (bad URL, unreadable secret); the message is safe to store and show.</summary>
public sealed class PreparationFailedException(string message, Exception? inner = null) : Exception(message, inner);
