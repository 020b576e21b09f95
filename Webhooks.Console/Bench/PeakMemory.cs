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
    /// Starts a new peak from what the process holds now, after a full collection, so each line of a
    /// sweep reports its own peak rather than the largest so far. Linux only (<c>clear_refs</c> 5);
    /// elsewhere the peak stays the process's.
    /// </summary>
    public static void Reset()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or not allowed: the peak is the process's.
        }
    }
}
