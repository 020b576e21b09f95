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
}
