namespace Webhooks.Core.Delivery;

/// <summary>
/// This process's identity as a lease owner (<c>LeasedBy</c>). The dispatcher takes the id of the
/// Hangfire server that runs it (<see cref="Become"/>), so a lease names something whose heartbeat
/// can be checked; Hangfire gives a server a new id whenever it restarts it, so one process may
/// own leases under several ids (<see cref="OwnIds"/>). Before the first server starts, a
/// process-unique id stands in.
/// </summary>
public sealed class DispatcherInstance
{
    private readonly Lock _lock = new();
    private readonly List<string> _ownIds;
    private volatile string _id;

    public DispatcherInstance()
    {
        _id = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        _ownIds = [_id];
    }

    /// <summary>The owner id new leases are taken under.</summary>
    public string Id => _id;

    /// <summary>Every id this process has taken leases under; none of them belongs to a dead owner.</summary>
    public IReadOnlyList<string> OwnIds
    {
        get { lock (_lock) return [.. _ownIds]; }
    }

    /// <summary>Takes <paramref name="ownerId"/> (a Hangfire server id) for the leases taken from now on.</summary>
    public void Become(string ownerId)
    {
        lock (_lock)
        {
            if (!_ownIds.Contains(ownerId))
                _ownIds.Add(ownerId);
            _id = ownerId;
        }
    }
}
