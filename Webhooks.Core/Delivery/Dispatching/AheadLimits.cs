namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// How many deliveries may be leased ahead in memory (see <see cref="LeasedAhead"/>).
/// </summary>
/// <param name="PerEndpoint">Most waiting for one endpoint (<see cref="DeliveryOptions.LeaseAheadPerEndpoint"/>).</param>
/// <param name="LowWater">
/// An endpoint at its limit of requests in flight is refilled only once fewer than this wait: the
/// refill is then a batch, not a row or two per finished send. At most <paramref name="PerEndpoint"/>.
/// </param>
/// <param name="Total">Most waiting for all endpoints together, so a fan-out to many endpoints stays bounded in memory.</param>
public sealed record AheadLimits(int PerEndpoint, int LowWater, int Total)
{
    /// <summary>
    /// The limits of <paramref name="options"/> for a console that delivers alone: refill once half the
    /// endpoint's queue is gone (and never below one endpoint's worth of requests in flight). The half
    /// left feeds the sends while the refill's claim and load run, which take a few milliseconds and
    /// longer behind a settle's commit: refilled below 8 of 100, one flooded endpoint's sends ran dry
    /// at every refill and stood idle a third of the time (bench, 1 endpoint: 7,500 deliveries/s;
    /// refilled at half of 200: 9,500–11,500).
    /// </summary>
    public static AheadLimits From(DeliveryOptions options) => new(
        options.LeaseAheadPerEndpoint,
        Math.Max(Math.Min(options.MaxConcurrencyPerEndpoint, options.LeaseAheadPerEndpoint), options.LeaseAheadPerEndpoint / 2),
        options.LeaseAheadPerEndpoint + options.MaxConcurrency);

    /// <summary>
    /// The limits for one of several consoles on one database: what a console leases ahead the
    /// others cannot send, so each keeps half the queue and refills it only below an endpoint's worth
    /// of requests in flight. Refilled at half, one console kept claiming an endpoint's new
    /// deliveries while the other had none to send.
    /// </summary>
    public static AheadLimits Shared(DeliveryOptions options)
    {
        var perEndpoint = Math.Max(1, options.LeaseAheadPerEndpoint / 2);
        return new(perEndpoint, Math.Min(options.MaxConcurrencyPerEndpoint, perEndpoint), perEndpoint + options.MaxConcurrency);
    }
}
