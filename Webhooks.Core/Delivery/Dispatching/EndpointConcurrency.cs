namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>Counts requests in flight per endpoint, so one slow receiver cannot fill the global pool.</summary>
public sealed class EndpointConcurrency(int perEndpoint)
{
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public bool TryEnter(string endpointId)
    {
        lock (_inFlight)
        {
            _inFlight.TryGetValue(endpointId, out var count);
            if (count >= perEndpoint)
                return false;
            _inFlight[endpointId] = count + 1;
            return true;
        }
    }

    public void Exit(string endpointId)
    {
        lock (_inFlight)
        {
            if (_inFlight.TryGetValue(endpointId, out var count))
            {
                if (count <= 1)
                    _inFlight.Remove(endpointId);
                else
                    _inFlight[endpointId] = count - 1;
            }
        }
    }

    /// <summary>Endpoints at their limit: the next claim leaves their deliveries for later.</summary>
    public IReadOnlyCollection<string> Saturated()
    {
        lock (_inFlight)
            return _inFlight.Where(p => p.Value >= perEndpoint).Select(p => p.Key).ToList();
    }
}
