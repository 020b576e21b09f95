using System.ComponentModel.DataAnnotations;

namespace Webhooks.Core.Events;

/// <summary>Limits on published events; bound from <c>Webhooks:Events</c>.</summary>
public sealed class EventOptions
{
    public const string Section = "Webhooks:Events";

    /// <summary>Most UTF-8 bytes of <c>data</c> plus <c>metadata</c> in one event.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 262144;
}
