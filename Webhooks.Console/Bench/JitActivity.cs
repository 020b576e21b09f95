using System.Diagnostics;
using System.Runtime;

namespace Webhooks.Console.Bench;

/// <summary>
/// How busy the JIT is: tells a warm process from one still recompiling its hot paths, optimised
/// (tiered compilation). That went on for 5–9 s of the dispatch phase, at a tenth to a fifth of the
/// CPU; a console that has run a while did it long ago, so timed phases start once it is quiet.
/// </summary>
public static class JitActivity
{
    /// <summary>The JIT is quiet when it compiled for less than this share of the time.</summary>
    public const double QuietShare = 0.01;

    // A quarter second was not enough: tiering pauses between batches, and one run timed 2.2 s of JIT after such a lull.
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>Time the JIT has spent compiling in this process, all threads.</summary>
    public static TimeSpan Total => JitInfo.GetCompilationTime();

    /// <summary>True when the JIT compiled for less than <see cref="QuietShare"/> of the time since <paramref name="since"/> (a <see cref="Stopwatch"/> timestamp) and <paramref name="jitThen"/>.</summary>
    public static bool QuietSince(long since, TimeSpan jitThen) =>
        (Total - jitThen).TotalMilliseconds < QuietShare * Stopwatch.GetElapsedTime(since).TotalMilliseconds;

    /// <summary>
    /// Returns once the JIT was quiet over a window of 1 s, or as soon as <paramref name="giveUp"/>
    /// completes (the work that keeps it busy is running out); false then. Not only between windows:
    /// checked there, a window ran on past the dispatch's half-way mark, and the timed part was
    /// as little as a third of the deliveries (sweep, 64 endpoints: 67,542 of 100,000 in the warm-up).
    /// </summary>
    public static async Task<bool> WaitQuietAsync(Task giveUp)
    {
        while (!giveUp.IsCompleted)
        {
            var since = Stopwatch.GetTimestamp();
            var jit = Total;
            if (await Task.WhenAny(Task.Delay(Window), giveUp) == giveUp)
                return false;
            if (QuietSince(since, jit))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Runs <paramref name="round"/> for at least <paramref name="minimumSeconds"/>, then on until the
    /// JIT was quiet over a whole round (at most ten rounds more): past the JIT's quiet the runtime
    /// may still run the hot path as instrumented code (tiered PGO) for seconds.
    /// </summary>
    /// <returns>The rounds run, the time they took, and the last round's time.</returns>
    public static async Task<(int Rounds, TimeSpan Elapsed, TimeSpan LastRound)> WarmUpAsync(Func<Task> round, double minimumSeconds)
    {
        var started = Stopwatch.GetTimestamp();
        var (rounds, busyAfterMinimum) = (0, 0);
        while (true)
        {
            var (since, jit) = (Stopwatch.GetTimestamp(), Total);
            await round();
            rounds++;
            if (Stopwatch.GetElapsedTime(started).TotalSeconds >= minimumSeconds && (QuietSince(since, jit) || ++busyAfterMinimum == 10))
                return (rounds, Stopwatch.GetElapsedTime(started), Stopwatch.GetElapsedTime(since));
        }
    }
}
