using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// Deliveries leased ahead of their endpoint's next free slot, at most <c>perEndpoint</c> each, so
/// that a finished send starts the next one from memory instead of waiting for a claim round (three
/// statements) per send. One that waited longer than <c>maxAge</c> is handed back, never sent on a
/// lease that may be about to run out.
/// </summary>
public sealed class LeasedAhead(int perEndpoint, TimeSpan maxAge)
{
    private readonly Dictionary<string, Queue<(DeliveryEntity Delivery, DateTime LeasedAt)>> _queues = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_queues) return _queues.Values.Sum(q => q.Count); }
    }

    /// <summary>How many more may wait for this endpoint.</summary>
    public int Room(string endpointId)
    {
        lock (_queues)
            return perEndpoint - (_queues.TryGetValue(endpointId, out var q) ? q.Count : 0);
    }

    /// <summary>Endpoints with no room left: the next read of due rows leaves them out.</summary>
    public IReadOnlyCollection<string> Full()
    {
        lock (_queues)
            return _queues.Where(p => p.Value.Count >= perEndpoint).Select(p => p.Key).ToList();
    }

    public IReadOnlyCollection<string> Endpoints()
    {
        lock (_queues)
            return _queues.Keys.ToList();
    }

    public void Add(DeliveryEntity delivery, DateTime leasedAt)
    {
        lock (_queues)
        {
            if (!_queues.TryGetValue(delivery.EndpointId, out var queue))
                _queues[delivery.EndpointId] = queue = new Queue<(DeliveryEntity, DateTime)>();
            queue.Enqueue((delivery, leasedAt));
        }
    }

    /// <summary>The endpoint's oldest waiting delivery, or null; ones past <c>maxAge</c> go to <paramref name="stale"/> instead.</summary>
    public DeliveryEntity? Take(string endpointId, DateTime now, List<string> stale)
    {
        lock (_queues)
        {
            if (!_queues.TryGetValue(endpointId, out var queue))
                return null;
            DeliveryEntity? next = null;
            while (next is null && queue.TryDequeue(out var item))
            {
                if (now - item.LeasedAt > maxAge)
                    stale.Add(item.Delivery.Id);
                else
                    next = item.Delivery;
            }
            if (queue.Count == 0)
                _queues.Remove(endpointId);
            return next;
        }
    }

    /// <summary>Empties every queue (on stop) and returns the ids, to hand their leases back.</summary>
    public List<string> Drain()
    {
        lock (_queues)
        {
            var ids = _queues.Values.SelectMany(q => q.Select(i => i.Delivery.Id)).ToList();
            _queues.Clear();
            return ids;
        }
    }
}
