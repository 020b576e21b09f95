using System.Diagnostics;

namespace Webhooks.Console.Bench;

/// <summary>
/// A line on stderr every 2 s while the dispatcher runs: its rate and CPU per delivery over those
/// 2 s. Shows where the warm-up ends and how far the rate moves from one moment to the next on
/// the same code (on this project's machine, a tenth either way).
/// </summary>
public sealed class DispatchProgress : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DispatchProgress(BenchReceiver receiver, TextWriter log) => _loop = RunAsync(receiver, log, _stop.Token);

    private static async Task RunAsync(BenchReceiver receiver, TextWriter log, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var (received, cpu) = (receiver.Distinct, Process.GetCurrentProcess().TotalProcessorTime);
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var (n, cpuMs) = (receiver.Distinct - received, DispatchRun.CpuMsSince(ref cpu));
                received += n;
                log.WriteLine($"bench: dispatch at {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s: {n / Every.TotalSeconds:0}/s, {cpuMs / Math.Max(1, n):0.000} CPU ms per delivery over the last {Every.TotalSeconds:0} s");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
