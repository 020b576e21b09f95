using Webhooks.Core.Delivery;

namespace Webhooks.Core.History;

/// <summary>One endpoint's health: what the endpoint page and <c>/api/v1/webhooks/{id}/stats</c> show; <paramref name="ByStatus"/> counts every status, so its parts add up to <paramref name="Total"/>.</summary>
public sealed record EndpointStats(
    int Total, int Succeeded, int Failed, int Pending, double? SuccessRate,
    double? SuccessRate24h, double? SuccessRate7d, double? AvgDurationMs, int? P95DurationMs,
    DateTime? LastSuccessAt, string? LastError, int ConsecutiveFailures, IReadOnlyList<HourBucket> Hourly,
    IReadOnlyDictionary<DeliveryStatus, int> ByStatus);
