using System.Globalization;
using Webhooks.Core.Persistence;

namespace Webhooks.Console.Bench;

/// <summary>
/// What <c>bench</c> was asked to measure. The defaults publish 12,500 events to 8 endpoints: the
/// 100,000 pending deliveries the memory target speaks of, with every one of the dispatcher's 64
/// slots usable (8 endpoints × 8 per endpoint). <c>--endpoints 1,8,64</c> runs the whole bench once
/// per endpoint count (a sweep), each with the same number of pending deliveries unless
/// <c>--events</c> fixes the events instead.
/// </summary>
public sealed record BenchOptions
{
    public const string Usage =
        "usage: bench [grid] [--endpoints M[,M...]] [--deliveries D | --events N] [--payload-bytes B] [--rate R] [--latency-seconds S] [--warm-up-seconds W] [--ceiling-warm-up-seconds C] [--dispatch-warm-up-seconds X] [--idle-seconds I] [--grid-attempts A] [--phase-seconds T] [--provider sqlite|postgresql] [--instances K]";

    private int? _events;

    /// <summary>Events published in the throughput phase: given, or enough for <see cref="PendingDeliveries"/> over <see cref="Endpoints"/>.</summary>
    public int Events
    {
        get => _events ?? Math.Max(1, PendingDeliveries / Endpoints);
        init => _events = value;
    }

    /// <summary>Deliveries pending at once in the throughput phase when <see cref="Events"/> is not given.</summary>
    public int PendingDeliveries { get; init; } = 100_000;
    public int Endpoints { get; init; } = 8;
    /// <summary>The endpoint counts of a sweep, in order; one count is a plain run.</summary>
    public IReadOnlyList<int> EndpointCounts { get; init; } = [8];
    /// <summary>Approximate size of each webhook body as a receiver gets it.</summary>
    public int PayloadBytes { get; init; } = 1024;
    /// <summary>Deliveries per second published in the latency phase (each event goes to one endpoint).</summary>
    public int Rate { get; init; } = 1000;
    public double LatencySeconds { get; init; } = 5;
    /// <summary>Seconds of events at <see cref="Rate"/> published before the latency phase counts, as the ceiling warms up.</summary>
    public double LatencyWarmUpSeconds { get; init; } = 1;
    /// <summary>
    /// Least seconds of posts before a ceiling is timed: the runtime runs the hot path as instrumented
    /// code (tiered PGO) for seconds after the JIT goes quiet, and a ceiling timed from there was too low.
    /// </summary>
    public double CeilingWarmUpSeconds { get; init; } = 10;
    /// <summary>Least seconds the dispatcher runs, in a console of its own, before the timed one starts (<see cref="DispatchWarmUp"/>); 0 for none.</summary>
    public double DispatchWarmUpSeconds { get; init; } = 10;
    /// <summary>Times one event is published into an idle system; the median is reported.</summary>
    public int IdleRepeats { get; init; } = 7;
    /// <summary>Seconds of doing nothing over which the idle CPU is measured.</summary>
    public double IdleSeconds { get; init; } = 30;
    /// <summary>Also seed <see cref="GridAttempts"/> attempts and time the deliveries grid.</summary>
    public bool Grid { get; init; }
    public int GridAttempts { get; init; } = 1_000_000;
    /// <summary>Upper bound of every phase, so a broken dispatcher ends the run instead of hanging it.</summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>The database the consoles deliver from: a SQLite file, or a database created on the PostgreSQL server that <c>ConnectionStrings:Webhooks</c> names.</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    /// <summary>Consoles sharing the database (PostgreSQL only), each with its own dispatcher.</summary>
    public int Instances { get; init; } = 1;
    /// <summary>The PostgreSQL server to create the run's database on (from <c>ConnectionStrings:Webhooks</c>); PostgreSQL only.</summary>
    public string? PostgreSqlServer { get; init; }

    public int Deliveries => Events * Endpoints;

    /// <summary>The options of one line of the sweep: <paramref name="endpoints"/> endpoints.</summary>
    public BenchOptions ForEndpoints(int endpoints) => this with { Endpoints = endpoints, EndpointCounts = [endpoints] };

    /// <param name="args">The arguments after <c>bench</c>.</param>
    /// <exception cref="ArgumentException">An unknown option or a value out of range; the message says which.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "grid")
            {
                options = options with { Grid = true };
                continue;
            }
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            var name = args[i - 1];
            options = name switch
            {
                "--events" => options with { Events = Number(name, value, 1, 10_000_000) },
                "--deliveries" => options with { PendingDeliveries = Number(name, value, 1, 10_000_000) },
                "--endpoints" => EndpointsFrom(options, name, value),
                "--payload-bytes" => options with { PayloadBytes = Number(name, value, 16, 256 * 1024) },
                "--rate" => options with { Rate = Number(name, value, 1, 100_000) },
                "--latency-seconds" => options with { LatencySeconds = Number(name, value, 1, 600) },
                "--warm-up-seconds" => options with { LatencyWarmUpSeconds = Number(name, value, 0, 600) },
                "--ceiling-warm-up-seconds" => options with { CeilingWarmUpSeconds = Number(name, value, 0, 600) },
                "--dispatch-warm-up-seconds" => options with { DispatchWarmUpSeconds = Number(name, value, 0, 600) },
                "--idle-seconds" => options with { IdleSeconds = Number(name, value, 1, 3600) },
                "--grid-attempts" => options with { GridAttempts = Number(name, value, 1, 100_000_000) },
                "--phase-seconds" => options with { PhaseTimeout = TimeSpan.FromSeconds(Number(name, value, 1, 86_400)) },
                "--provider" => options with { Provider = ProviderFrom(name, value) },
                "--instances" => options with { Instances = Number(name, value, 1, 8) },
                _ => throw new ArgumentException($"Unknown option {name}. {Usage}"),
            };
        }
        if (options.Instances > 1 && options.Provider != DatabaseProvider.PostgreSql)
            throw new ArgumentException($"--instances {options.Instances} needs --provider postgresql: consoles share a PostgreSQL database, never a SQLite file. {Usage}");
        return options;
    }

    private static DatabaseProvider ProviderFrom(string name, string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" => DatabaseProvider.PostgreSql,
        _ => throw new ArgumentException($"{name} must be sqlite or postgresql, not '{value}'. {Usage}"),
    };

    /// <summary><c>8</c> or a comma-separated sweep such as <c>1,8,64</c>.</summary>
    private static BenchOptions EndpointsFrom(BenchOptions options, string name, string value)
    {
        var counts = value.Split(',').Select(part => Number(name, part, 1, 1_000)).ToList();
        if (counts.Count != counts.Distinct().Count())
            throw new ArgumentException($"{name} lists an endpoint count twice: '{value}'. {Usage}");
        return options with { Endpoints = counts[0], EndpointCounts = counts };
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'. {Usage}");
}
