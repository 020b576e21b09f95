using System.Text.Json;
using System.Text.Json.Serialization;

namespace Webhooks.Console.Bench;

/// <summary>
/// The one JSON line <c>bench</c> prints per endpoint count. The fields up to <see cref="Lost"/> are
/// the ones the README's Performance table is built from; the rest say what was run, so a line can
/// be read on its own.
/// </summary>
public sealed record BenchResult
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The fair ceiling: posts per second from as many connections as the dispatcher may open to the
    /// run's endpoints, the mean of <see cref="CeilingBeforePerSec"/> and <see cref="CeilingAfterPerSec"/>.
    /// </summary>
    public double CeilingPerSec { get; init; }
    /// <summary>The fair ceiling measured before the dispatcher's warm-up.</summary>
    public double CeilingBeforePerSec { get; init; }
    /// <summary>The fair ceiling measured again right after the dispatcher's timed run.</summary>
    public double CeilingAfterPerSec { get; init; }
    /// <summary>Posts per second from the dispatcher's global limit of connections (<c>MaxConcurrency</c>), whatever the endpoints.</summary>
    public double CeilingBarePerSec { get; init; }
    /// <summary>Connections of the fair ceiling: endpoints × <c>MaxConcurrencyPerEndpoint</c>, at most <c>MaxConcurrency</c>.</summary>
    public int CeilingConnections { get; init; }
    public double DispatchPerSec { get; init; }
    /// <summary>Dispatcher against the fair ceiling (<see cref="CeilingPerSec"/>).</summary>
    public double Ratio { get; init; }
    /// <summary>The process's CPU per delivery while the dispatcher worked, the receiver's share included.</summary>
    public double CpuMsPerDelivery { get; init; }
    public double P50Ms { get; init; }
    public double P95Ms { get; init; }
    public double P99Ms { get; init; }
    /// <summary>p99 of the latency phase's warm-up second, which the percentiles above leave out.</summary>
    public double WarmUpP99Ms { get; init; }
    public double IdlePickupMs { get; init; }
    /// <summary>CPU of the idle console (dispatcher and Hangfire server waiting), in % of one core.</summary>
    public double IdleCpuPercent { get; init; }
    /// <summary>Retry now on the idle console, ask → attempt start: median and max of <see cref="RetryNowLatencyRun.Repeats"/>.</summary>
    public double RetryNowMedianMs { get; init; }
    public double RetryNowMaxMs { get; init; }
    /// <summary>
    /// Peak resident set from the publish of the run's deliveries (all pending at once) to the end;
    /// the whole process's where the peak cannot be reset (<see cref="PeakMemory.Reset"/>).
    /// </summary>
    public double PeakRssMb { get; init; }
    /// <summary>Peak resident set during the ceilings (the bench's own posting loops) and the dispatcher's warm-up console, before it was reset; null when it could not be.</summary>
    public double? CeilingPeakRssMb { get; init; }
    public long SignatureFailures { get; init; }
    /// <summary>Published deliveries the receiver never got; anything but 0 is a bug.</summary>
    public long Lost { get; init; }

    public int Events { get; init; }
    /// <summary><c>sqlite</c> or <c>postgresql</c>: the database the run delivered from.</summary>
    public string Provider { get; init; } = "sqlite";
    /// <summary>Consoles that shared the database.</summary>
    public int Instances { get; init; } = 1;
    public int Endpoints { get; init; }
    public int Deliveries { get; init; }
    public int PayloadBytes { get; init; }
    public int Rate { get; init; }
    public double PublishPerSec { get; init; }
    /// <summary>Attempts the dispatcher stored for the throughput phase (one per delivery when nothing failed).</summary>
    public long AttemptsPersisted { get; init; }

    public int? GridAttempts { get; init; }
    public double? GridFirstPageMs { get; init; }
    public double? GridFilteredPageMs { get; init; }
    /// <summary>The slowest first page with one filter alone (status, event type, endpoint or time range).</summary>
    public double? GridSingleFilterMaxMs { get; init; }
    public double? GridPeakRssMb { get; init; }

    public string ToJsonLine() => JsonSerializer.Serialize(this, Json);
}
