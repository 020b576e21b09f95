using System.ComponentModel.DataAnnotations;

namespace Webhooks.Core.Delivery;

/// <summary>How the dispatcher sends, retries and protects outbound calls; bound from <c>Webhooks:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Webhooks:Delivery";

    /// <summary>Allow <c>http://</c> endpoint URLs. Off by default: signatures do not hide the payload.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allow connections to loopback, private, link-local and other non-public addresses.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Origins (<c>scheme://host:port</c>) that may be reached even when they resolve to private
    /// addresses, on any path. For receivers the operator runs next to the console on purpose.
    /// </summary>
    public List<string> AllowedLocalOrigins { get; set; } = [];

    /// <summary>The schedule when none is configured: 1 s, 5 s, 30 s.</summary>
    public static readonly TimeSpan[] DefaultRetrySchedule = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    /// <summary>
    /// Wait before each retry: entry N is the wait after failed attempt N. 1..20 entries, each above
    /// zero and at most a day; <see cref="DefaultRetrySchedule"/> when not configured. (Empty here and
    /// filled after binding, because the configuration binder appends to an array it finds filled.)
    /// </summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    /// <summary>Up to this fraction is added at random to each scheduled wait, so retries of many deliveries do not arrive together.</summary>
    [Range(0.0, 1.0)]
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>Longest wait a receiver's <c>Retry-After</c> (on 429, 502, 503, 504) can ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failed deliveries in a row (retries exhausted) after which the endpoint is disabled.</summary>
    [Range(1, 1000)]
    public int DisableAfterConsecutiveFailures { get; set; } = 5;

    /// <summary>Most bytes of a response body read and stored per attempt.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>Requests in flight across all endpoints.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>
    /// Answered attempts that may wait for their record at once, beyond the requests in flight: a
    /// request's slot is free as soon as its answer is in, while attempts are recorded in batches by
    /// one writer. With <see cref="MaxConcurrency"/> this bounds what is sent but not recorded, which
    /// is also what a console that dies sends a second time (at least once). Half of it is what a
    /// batch of records may gather under load (<see cref="Dispatching.SettleQueue"/>).
    /// </summary>
    [Range(0, 10_000)]
    public int MaxUnrecorded { get; set; } = 512;

    /// <summary>Requests in flight to any one endpoint, so one slow receiver cannot take the whole pool.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrencyPerEndpoint { get; set; } = 8;

    /// <summary>
    /// Most due deliveries one round reads and claims. The rounds run one after another, each a
    /// read, a claim behind the settles' commits and a load (about 8 ms on SQLite under load), so
    /// this bounds how fast the queues ahead refill: at 100, 64 endpoints sent ~9,400 a second, at
    /// 250 ~10,100 (bench, alternated).
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 250;

    /// <summary>
    /// Deliveries one endpoint may have leased ahead in memory, waiting for its next free slot. A
    /// claim round refills an endpoint only once fewer than half of this wait (at least
    /// <see cref="MaxConcurrencyPerEndpoint"/>), and then up to this many: one busy receiver is fed
    /// by rounds of a batch each, as many receivers are, instead of a round per handful of sends, and
    /// the half left keeps it busy while the refill runs. All endpoints together hold at most this
    /// plus <see cref="MaxConcurrency"/> ahead.
    /// </summary>
    [Range(1, 10_000)]
    public int LeaseAheadPerEndpoint { get; set; } = 200;

    /// <summary>
    /// How long a claim holds a delivery. When it runs out (the process died) another dispatcher
    /// claims the delivery again, so it must outlast everything a live dispatcher may still do with
    /// it: <see cref="MaxWaitAhead"/> + <see cref="MaxTimeoutSeconds"/> + <see cref="SettleAllowance"/>
    /// (checked at start).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Longest a delivery leased ahead waits in memory for its endpoint's next free slot; after that
    /// it is handed back to the queue unsent.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:30:00")]
    public TimeSpan MaxWaitAhead { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest any attempt may take, answer included (seconds). An endpoint's own timeout above it is
    /// cut to it, so the lease's budget holds whatever an endpoint says.
    /// </summary>
    [Range(1, 300)]
    public int MaxTimeoutSeconds { get; set; } = 30;

    /// <summary>Time budgeted for recording an attempt once its answer is in (the database's write queue may be long).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:30:00")]
    public TimeSpan SettleAllowance { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest idle sleep of the dispatcher. Only a backstop: in the console every publish, scheduled
    /// retry, hand-back and Retry now wakes it, and leases of a dead process are released at start.
    /// Each poll costs a query; at 1 s the idle console used ~2.6 % of a core, at 5 s ~1.6 %.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Deliveries per second that a bulk recovery re-queues, so a replay does not flood the receiver.</summary>
    [Range(1, 10_000)]
    public int RecoverPerSecond { get; set; } = 20;

    /// <summary>Endpoint timeout used when an endpoint has none (seconds); at most <see cref="MaxTimeoutSeconds"/>.</summary>
    [Range(1, 300)]
    public int DefaultTimeoutSeconds { get; set; } = 5;

    /// <summary>Tries a delivery gets, counting every claim that ended without a recorded result: the first attempt and one per retry.</summary>
    public int MaxTries => RetrySchedule.Length + 1;
}
