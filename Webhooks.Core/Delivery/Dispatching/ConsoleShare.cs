namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// This console's share of each endpoint's limits. <see cref="DeliveryOptions.MaxConcurrencyPerEndpoint"/>
/// and an endpoint's <c>RateLimitPerSecond</c> protect the receiver, so they bound what it gets from
/// every console on the database together, not from each: with N consoles alive, each allows
/// <c>limit / N</c> requests in flight (rounded down, at least one) and spaces its attempts
/// N / rate apart. N is counted from the Hangfire servers with a fresh heartbeat
/// (<see cref="Jobs.ConsoleWatch"/>, every <see cref="Jobs.JobsOptions.StoppedConsoleCheckInterval"/>); on SQLite there is one console and nothing is divided.
/// A console that joins is counted by the others within a heartbeat and a check; until then the receiver may
/// briefly get up to one share more. A console that dies keeps its share until its heartbeat is
/// stale, so the others stay under the limit meanwhile.
/// </summary>
public sealed class ConsoleShare
{
    private int _consoles = 1;

    /// <summary>Consoles delivering from this database now, this one included; at least one.</summary>
    public int Consoles => Volatile.Read(ref _consoles);

    public void Update(int consoles) => Volatile.Write(ref _consoles, Math.Max(1, consoles));

    /// <summary>This console's part of a limit on requests in flight: <c>limit / N</c>, at least one.</summary>
    public int InFlight(int limit) => Math.Max(1, limit / Consoles);

    /// <summary>The time between this console's attempts to an endpoint limited to <paramref name="perSecond"/> in all.</summary>
    public TimeSpan Spacing(int perSecond) => TimeSpan.FromTicks(TimeSpan.TicksPerSecond * Consoles / Math.Max(1, perSecond));
}
