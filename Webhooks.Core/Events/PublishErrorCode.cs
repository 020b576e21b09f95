namespace Webhooks.Core.Events;

/// <summary>Why an event was refused; the HTTP API maps these to 400 / 413.</summary>
public enum PublishErrorCode
{
    UnknownEventType = 1,
    ArchivedEventType = 2,
    PayloadTooLarge = 3,
    InvalidPayload = 4,
}
