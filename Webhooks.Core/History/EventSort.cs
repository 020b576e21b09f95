namespace Webhooks.Core.History;

/// <summary>The columns the events page can be sorted by; each is backed by an index on <c>Events</c>.</summary>
public enum EventSort
{
    /// <summary>When the event occurred (ties broken by id, which sorts by creation time).</summary>
    Time,

    /// <summary>The event type's name, then newest first within a type.</summary>
    Type,
}
