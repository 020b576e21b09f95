namespace Webhooks.Core.History;

/// <summary>The grid's sortable columns; each has an index that starts with it (see the DbContext).</summary>
public enum DeliverySort
{
    CreatedAt = 0,
    Status = 1,
    EventType = 2,
    AttemptCount = 3,
    NextAttemptAt = 4,
}
