using System.Globalization;

namespace Webhooks.Console.Bench;

/// <summary>
/// The process's file reads and writes so far, from Linux's <c>/proc/self/io</c>: the system calls
/// (<c>read</c>, <c>pread</c>, <c>write</c>, <c>pwrite</c> and their kin; sockets' <c>send</c> and
/// <c>recv</c> are not counted) and the bytes sent to storage. Per delivery they tell how much the
/// database writes, its log and the copies into the file, apart from the machine's speed.
/// </summary>
public readonly record struct FileIo(long Reads, long Writes, long WrittenBytes)
{
    /// <summary>The counts now, or null where <c>/proc/self/io</c> cannot be read (not Linux).</summary>
    public static FileIo? Now()
    {
        try
        {
            var values = File.ReadLines("/proc/self/io").Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
            return new FileIo(values.GetValueOrDefault("syscr"), values.GetValueOrDefault("syscw"), values.GetValueOrDefault("write_bytes"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Since <paramref name="from"/>, per <paramref name="items"/> <paramref name="item"/>s, for stderr.</summary>
    public string PerItemSince(FileIo from, long items, string item)
    {
        var n = (double)Math.Max(1, items);
        return $"file I/O {(Writes - from.Writes) / n:0.00} writes ({(WrittenBytes - from.WrittenBytes) / 1024.0 / n:0.0} KB) and {(Reads - from.Reads) / n:0.00} reads per {item}";
    }
}
