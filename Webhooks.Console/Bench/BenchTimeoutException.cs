namespace Webhooks.Console.Bench;

/// <summary>
/// A phase of the bench ran out of its time (<see cref="BenchOptions.PhaseTimeout"/>). The message
/// is the one line <c>bench</c> prints: the phase, its limit, and what it had done by then.
/// </summary>
public sealed class BenchTimeoutException(string phase, TimeSpan limit, string done)
    : Exception($"bench: the {phase} phase ran out of time after {limit.TotalSeconds:0} s: {done}")
{
    public string Phase { get; } = phase;

    /// <summary>Waits until <paramref name="done"/> holds; throws naming <paramref name="phase"/> and saying <paramref name="progress"/> when <paramref name="limit"/> passes first.</summary>
    public static async Task WaitAsync(string phase, Func<bool> done, TimeSpan limit, Func<string> progress, int pollMs = 2)
    {
        if (!await BenchReceiver.WaitUntilAsync(done, limit, pollMs))
            throw new BenchTimeoutException(phase, limit, progress());
    }

    /// <summary>Waits for <paramref name="done"/>, at most <paramref name="left"/> (the whole <paramref name="limit"/> when not given); throws as the polling overload does.</summary>
    public static async Task WaitAsync(string phase, Task done, TimeSpan limit, Func<string> progress, TimeSpan? left = null)
    {
        try
        {
            var wait = left ?? limit;
            await done.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
        catch (TimeoutException)
        {
            throw new BenchTimeoutException(phase, limit, progress());
        }
    }
}
