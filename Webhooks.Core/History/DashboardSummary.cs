namespace Webhooks.Core.History;

/// <summary>The dashboard's numbers, computed from rows (never from in-process counters).</summary>
public sealed record DashboardSummary(
    int EndpointsTotal, int EndpointsEnabled, int EndpointsDisabledAutomatically,
    int Deliveries24h, int Succeeded24h, int Failed24h, double? SuccessRate24h,
    int QueueDepth, TimeSpan? OldestPendingAge,
    IReadOnlyList<HourBucket> Hourly, IReadOnlyList<FailingEndpoint> FailingEndpoints);
