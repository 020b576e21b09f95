using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Webhooks.Core.Delivery;

namespace Webhooks.Core.Metrics;

/// <summary>
/// Attempts by outcome and their duration, as they happen in this instance, on the meter
/// <see cref="MeterName"/> (<see cref="StoredStateMetrics"/> adds what is read when scraped).
/// Aggregates only: no endpoint ids, URLs or payloads, which would both leak and multiply series
/// without bound.
/// </summary>
public sealed class DeliveryMetrics
{
    public const string MeterName = "Webhooks";

    // Tag values named once: an enum's name lowered per attempt cost two strings per tag.
    private static readonly FrozenDictionary<AttemptTrigger, string> Triggers = Lowered<AttemptTrigger>();
    private static readonly FrozenDictionary<DeliveryStatus, string> Statuses = Lowered<DeliveryStatus>();

    private readonly Counter<long> _attempts;
    private readonly Counter<long> _completed;
    private readonly Histogram<double> _duration;

    public DeliveryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _attempts = meter.CreateCounter<long>("webhooks.attempts", "{attempt}", "Delivery attempts made by this instance, by outcome (succeeded, failed) and trigger.");
        _completed = meter.CreateCounter<long>("webhooks.deliveries.completed", "{delivery}", "Deliveries this instance brought to a final status (succeeded, failed); test sends excluded.");
        _duration = meter.CreateHistogram<double>("webhooks.attempt.duration", "s", "From sending the request to the end of the answer, per attempt.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
    }

    /// <summary>Counts one recorded attempt; <paramref name="status"/> is what it left the delivery in.</summary>
    public void Attempted(DeliveryAttempt attempt, DeliveryStatus status, bool isTest)
    {
        var outcome = attempt.Succeeded ? "succeeded" : "failed";
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("trigger", Lowered(Triggers, attempt.Trigger)));
        _duration.Record(attempt.DurationMs / 1000.0, new KeyValuePair<string, object?>("outcome", outcome));
        if (!isTest && status != DeliveryStatus.Pending)
            _completed.Add(1, new KeyValuePair<string, object?>("status", Lowered(Statuses, status)));
    }

    private static FrozenDictionary<TEnum, string> Lowered<TEnum>() where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => v.ToString().ToLowerInvariant());

    private static string Lowered<TEnum>(FrozenDictionary<TEnum, string> names, TEnum value) where TEnum : struct, Enum =>
        names.TryGetValue(value, out var name) ? name : value.ToString().ToLowerInvariant();
}
