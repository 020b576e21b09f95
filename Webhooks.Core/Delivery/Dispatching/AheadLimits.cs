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
    /// <summary>The limits of <paramref name="options"/>: refill below one endpoint's worth of requests in flight.</summary>
    public static AheadLimits From(DeliveryOptions options) => new(
        options.LeaseAheadPerEndpoint,
        Math.Min(options.MaxConcurrencyPerEndpoint, options.LeaseAheadPerEndpoint),
        options.LeaseAheadPerEndpoint + options.MaxConcurrency);
}
