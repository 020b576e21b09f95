using System.ComponentModel.DataAnnotations;

namespace Webhooks.Core.Inbox;

/// <summary><c>Webhooks:Inbox</c>: the built-in receiver that lets a new install watch deliveries arrive.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Webhooks:Inbox";

    /// <summary>Largest request body kept, in bytes; longer bodies are cut and marked truncated.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Requests kept per inbox; older ones are removed as new ones arrive.</summary>
    [Range(10, 100_000)]
    public int MaxRequestsPerInbox { get; set; } = 500;
}
