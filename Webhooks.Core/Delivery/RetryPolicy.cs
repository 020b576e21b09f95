using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery;

/// <summary>Decides when a failed attempt is tried again: the configured schedule, jitter and the receiver's <c>Retry-After</c>.</summary>
public sealed class RetryPolicy
{
    private readonly DeliveryOptions _options;
    private readonly Func<double> _random;

    public RetryPolicy(IOptions<DeliveryOptions> options) : this(options.Value, Random.Shared.NextDouble) { }

    /// <param name="random">Source of jitter in [0, 1); tests pass a fixed value.</param>
    public RetryPolicy(DeliveryOptions options, Func<double> random)
    {
        _options = options;
        _random = random;
    }

    /// <summary>Statuses whose <c>Retry-After</c> is honoured: the receiver is saying "later", not "never".</summary>
    public static bool HonoursRetryAfter(int? status) => status is 429 or 502 or 503 or 504;

    /// <summary>
    /// When to try again after failed attempt number <paramref name="attemptsMade"/> (1-based), or null
    /// when the schedule is used up. Jitter only ever adds, so the schedule is a lower bound.
    /// A <c>Retry-After</c> longer than the scheduled wait wins, capped by <see cref="DeliveryOptions.MaxRetryAfter"/>.
    /// </summary>
    public DateTime? NextAttemptAt(int attemptsMade, DateTime failedAt, TimeSpan? retryAfter = null)
    {
        var schedule = _options.RetrySchedule;
        if (attemptsMade < 1 || attemptsMade > schedule.Length)
            return null;
        var wait = schedule[attemptsMade - 1];
        wait += TimeSpan.FromTicks((long)(wait.Ticks * _options.RetryJitter * _random()));
        if (retryAfter is { } asked)
        {
            var capped = asked > _options.MaxRetryAfter ? _options.MaxRetryAfter : asked;
            if (capped > wait)
                wait = capped;
        }
        return failedAt + wait;
    }

    /// <summary>Reads <c>Retry-After</c> as seconds or an HTTP date; null when absent, unreadable or not honoured for this status.</summary>
    public static TimeSpan? ReadRetryAfter(int? status, RetryConditionHeaderValue? header, DateTime now)
    {
        if (!HonoursRetryAfter(status) || header is null)
            return null;
        if (header.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date.UtcDateTime - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
