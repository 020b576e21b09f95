using Webhooks.Core.Delivery;

namespace Webhooks.Core.History;

/// <summary>The dashboard's numbers, computed from rows (never from in-process counters); <paramref name="ByStatus24h"/> holds every status of the last 24 hours' deliveries, so their parts add up to <paramref name="Deliveries24h"/>.</summary>
public sealed record DashboardSummary(
    int EndpointsTotal, int EndpointsEnabled, int EndpointsDisabledAutomatically,
    int Deliveries24h, int Succeeded24h, int Failed24h, double? SuccessRate24h,
    int QueueDepth, TimeSpan? OldestPendingAge,
    IReadOnlyList<HourBucket> Hourly, IReadOnlyList<FailingEndpoint> FailingEndpoints,
    IReadOnlyDictionary<DeliveryStatus, int> ByStatus24h);
