using System.Collections.Concurrent;

namespace Webhooks.Core.Endpoints;

/// <summary>
/// In this process, which endpoints changed and when, as a stamp: a counter bumped by every saved
/// change (edit, enable or disable, secret rotation, delete, an automatic disable). Whoever keeps a
/// copy of an endpoint takes <see cref="Stamp"/> before reading it, and the copy is current as long
/// as <see cref="ChangedSince"/> says no. Only changes made through this process are seen here; see
/// <c>CurrentEndpoints</c> in the dispatcher for what several instances on one database need.
/// </summary>
public sealed class EndpointChanges
{
    private readonly ConcurrentDictionary<string, long> _changedAt = new(StringComparer.Ordinal);
    // A new stamp and the endpoint's record of it are published together. Bumped first and recorded
    // after, a reader could take the new stamp, find the endpoint not yet marked, keep its old copy
    // under that stamp, and never see the change as newer than the copy.
    private readonly Lock _gate = new();
    private long _stamp;

    /// <summary>The stamp now; take it before reading endpoints from the database.</summary>
    public long Stamp
    {
        get
        {
            lock (_gate)
                return _stamp;
        }
    }

    /// <summary>Call once a change of the endpoint is committed (before telling the caller it is saved).</summary>
    public void Changed(string endpointId)
    {
        lock (_gate)
        {
            var stamp = ++_stamp;
            _changedAt[endpointId] = stamp;
        }
    }

    /// <summary>True when the endpoint changed after <paramref name="stamp"/> was taken: a copy read then may be stale.</summary>
    public bool ChangedSince(string endpointId, long stamp) =>
        _changedAt.TryGetValue(endpointId, out var changed) && changed > stamp;
}
