using System.Globalization;

namespace Webhooks.Console.Bench;

/// <summary>
/// What <c>bench</c> was asked to measure. The defaults publish 12,500 events to 8 endpoints: the
/// 100,000 pending deliveries the memory target speaks of, with every one of the dispatcher's 64
/// slots usable (8 endpoints × 8 per endpoint).
/// </summary>
public sealed record BenchOptions
{
    public const string Usage =
        "usage: bench [grid] [--events N] [--endpoints M] [--payload-bytes B] [--rate R] [--latency-seconds S] [--idle-seconds I] [--grid-attempts A]";

    public int Events { get; init; } = 12_500;
    public int Endpoints { get; init; } = 8;
    /// <summary>Approximate size of each webhook body as a receiver gets it.</summary>
    public int PayloadBytes { get; init; } = 1024;
    /// <summary>Events per second published in the latency phase.</summary>
    public int Rate { get; init; } = 1000;
    public double LatencySeconds { get; init; } = 5;
    /// <summary>Times one event is published into an idle system; the median is reported.</summary>
    public int IdleRepeats { get; init; } = 7;
    /// <summary>Seconds of doing nothing over which the idle CPU is measured.</summary>
    public double IdleSeconds { get; init; } = 30;
    /// <summary>Also seed <see cref="GridAttempts"/> attempts and time the deliveries grid.</summary>
    public bool Grid { get; init; }
    public int GridAttempts { get; init; } = 1_000_000;
    /// <summary>Upper bound of every wait, so a broken dispatcher ends the run instead of hanging it.</summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public int Deliveries => Events * Endpoints;

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
            options = args[i - 1] switch
            {
                "--events" => options with { Events = Number(args[i - 1], value, 1, 10_000_000) },
                "--endpoints" => options with { Endpoints = Number(args[i - 1], value, 1, 1_000) },
                "--payload-bytes" => options with { PayloadBytes = Number(args[i - 1], value, 16, 256 * 1024) },
                "--rate" => options with { Rate = Number(args[i - 1], value, 1, 100_000) },
                "--latency-seconds" => options with { LatencySeconds = Number(args[i - 1], value, 1, 600) },
                "--idle-seconds" => options with { IdleSeconds = Number(args[i - 1], value, 1, 3600) },
                "--grid-attempts" => options with { GridAttempts = Number(args[i - 1], value, 1, 100_000_000) },
                _ => throw new ArgumentException($"Unknown option {args[i - 1]}. {Usage}"),
            };
        }
        return options;
    }

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'. {Usage}");
}
