namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// What the last empty read of due rows proved: with no new work announced since
/// (<see cref="DispatcherSignal.Work"/>), no endpoint let back in (the exclusion is the same or
/// larger) and before the next due time, the queue has nothing to take, and a round that only
/// woke for a freed slot can skip the database. Anything else reads it again.
/// </summary>
/// <param name="Work"><see cref="DispatcherSignal.Work"/> read before that empty read.</param>
/// <param name="Excluded">The endpoints that read left out.</param>
/// <param name="Until">The next due time it found (or the poll interval).</param>
public sealed record QuietQueue(long Work, IReadOnlyCollection<string> Excluded, DateTime Until)
{
    public bool Holds(long work, IReadOnlyCollection<string> excluded, DateTime now) =>
        work == Work && now < Until && Excluded.All(excluded.Contains);
}
