namespace Webhooks.Core.Events;

/// <summary>An event that was refused before anything was written.</summary>
public sealed class PublishException(PublishErrorCode code, string message) : Exception(message)
{
    public PublishErrorCode Code { get; } = code;
}
