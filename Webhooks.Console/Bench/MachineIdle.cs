using System.Globalization;

namespace Webhooks.Console.Bench;

/// <summary>
/// The machine's CPU time so far, all CPUs together, from Linux's <c>/proc/stat</c>: how much of it
/// was idle (waiting for I/O included). Over a timed part it tells a phase that keeps every CPU busy
/// from one whose work waits on itself while a CPU sleeps: with the machine otherwise quiet, idle
/// time is work that could have been done and was not.
/// </summary>
public readonly record struct MachineIdle(long IdleTicks, long TotalTicks)
{
    /// <summary>The counts now, or null where <c>/proc/stat</c> cannot be read (not Linux).</summary>
    public static MachineIdle? Now()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": guest time is in user already.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return new MachineIdle(ticks[3] + ticks[4], ticks.Sum());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Since <paramref name="from"/>, for stderr.</summary>
    public string Since(MachineIdle from)
    {
        var total = TotalTicks - from.TotalTicks;
        return total <= 0 ? "machine idle n/a" : $"machine idle {100.0 * (IdleTicks - from.IdleTicks) / total:0.0} % of {Environment.ProcessorCount} CPUs' time";
    }
}
