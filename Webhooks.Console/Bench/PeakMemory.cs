namespace Webhooks.Console.Bench;

/// <summary>The process's peak resident set (Linux <c>VmHWM</c>): what the machine had to have, GC heaps, SQLite cache and all.</summary>
public static class PeakMemory
{
    public static double Megabytes()
    {
        const string key = "VmHWM:";
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            if (line is not null && long.TryParse(line[key.Length..].Trim().Split(' ')[0], out var kb))
                return Math.Round(kb / 1024.0, 1);
        }
        catch (IOException)
        {
            // Not Linux: fall back to what .NET can say.
        }
        return Math.Round(System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0, 1);
    }

    /// <summary>
    /// Starts the peak again from what the process holds now, after giving the GC's free memory back:
    /// the bench's own posting loops (the ceilings) leave heaps behind that the dispatcher never used.
    /// False where the peak cannot be reset (not Linux, or <c>/proc/self/clear_refs</c> refused); the
    /// peak then stays the whole process's.
    /// </summary>
    public static bool Reset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        try
        {
            // "5" resets VmHWM to the current resident set (proc(5), Linux 4.0 and later).
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
