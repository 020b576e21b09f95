using System.Diagnostics;

namespace Webhooks.Console.Bench;

/// <summary>
/// The idle cost: with nothing to send, the process's CPU time over a stretch of wall time, as a
/// percentage of one core. The dispatcher's backstop poll and the Hangfire server's polls and
/// heartbeats are what runs then (the receiver is idle too).
/// </summary>
public static class IdleCpuRun
{
    public static async Task<double> RunAsync(TimeSpan duration, TextWriter log)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(duration);
        process.Refresh();
        var percent = 100 * (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.WriteLine($"bench: idle for {duration.TotalSeconds:0} s, {percent:0.00} % of one core");
        return Math.Round(percent, 2);
    }
}
