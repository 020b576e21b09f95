namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// Deliveries leased ahead of their endpoint's next free slot, at most <c>perEndpoint</c> each, so
/// that a finished send starts the next one from memory instead of waiting for a claim round (three
/// statements) per send. One that waited longer than <c>maxWait</c> is handed back, never sent on a
/// lease sized for less (<see cref="DeliveryOptions.MaxWaitAhead"/>).
/// </summary>
public sealed class LeasedAhead(int perEndpoint, TimeSpan maxWait)
{
    private readonly Dictionary<string, Queue<LoadedDelivery>> _queues = new(StringComparer.Ordinal);
    private int _count;
    // The endpoints with a queue, made when first asked for after the set changed. Every finished
    // send asks: a copy per ask was a list of every endpoint per delivery (418 bytes at 64 endpoints).
    private string[]? _endpoints;

    public int Count
    {
        get { lock (_queues) return _count; }
    }

    /// <summary>How many wait per endpoint; endpoints with none are absent.</summary>
    public IReadOnlyDictionary<string, int> Waiting()
    {
        lock (_queues)
            return _queues.ToDictionary(p => p.Key, p => p.Value.Count, StringComparer.Ordinal);
    }

    /// <summary>The endpoints with deliveries waiting, as they were when asked: never changed afterwards, shared by the askers until the set changes.</summary>
    public IReadOnlyList<string> Endpoints()
    {
        lock (_queues)
            return _queues.Count == 0 ? [] : _endpoints ??= [.. _queues.Keys];
    }

    public void Add(LoadedDelivery work)
    {
        lock (_queues)
        {
            if (!_queues.TryGetValue(work.EndpointId, out var queue))
            {
                _queues[work.EndpointId] = queue = new Queue<LoadedDelivery>(perEndpoint);
                _endpoints = null;
            }
            queue.Enqueue(work);
            _count++;
        }
    }

    /// <summary>
    /// The endpoint's oldest waiting delivery, or null; ones past <c>maxWait</c> go to <paramref name="stale"/>
    /// instead. <paramref name="left"/> is how many still wait for the endpoint, <paramref name="leftInAll"/>
    /// for all endpoints together.
    /// </summary>
    public LoadedDelivery? Take(string endpointId, DateTime now, List<LoadedDelivery> stale, out int left, out int leftInAll)
    {
        left = 0;
        lock (_queues)
        {
            leftInAll = _count;
            if (!_queues.TryGetValue(endpointId, out var queue))
                return null;
            LoadedDelivery? next = null;
            while (next is null && queue.TryDequeue(out var work))
            {
                _count--;
                if (now - work.LeasedAt > maxWait)
                    stale.Add(work);
                else
                    next = work;
            }
            left = queue.Count;
            leftInAll = _count;
            if (left == 0)
            {
                _queues.Remove(endpointId);
                _endpoints = null;
            }
            return next;
        }
    }

    /// <summary>Empties every queue (on stop) and returns what waited, to hand the leases back.</summary>
    public List<LoadedDelivery> Drain()
    {
        lock (_queues)
        {
            var all = _queues.Values.SelectMany(q => q).ToList();
            _queues.Clear();
            _endpoints = null;
            _count = 0;
            return all;
        }
    }
}
