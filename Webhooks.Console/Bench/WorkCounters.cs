namespace Webhooks.Console.Bench;

/// <summary>
/// Memory allocated, thread-pool items run and file I/O (<see cref="FileIo"/>), per item of work, over
/// a timed part, and the GC's collections and pauses and the machine's idle time
/// (<see cref="MachineIdle"/>) over it. Unlike CPU time the first three hardly move with what else
/// the machine is doing, so they tell a small change from the noise where a rate cannot.
/// </summary>
public readonly record struct WorkCounters(long AllocatedBytes, long PoolItems, int Gen0, int Gen1, int Gen2, TimeSpan Paused, FileIo? Io, MachineIdle? Idle)
{
    public static WorkCounters Now() => new(GC.GetTotalAllocatedBytes(), ThreadPool.CompletedWorkItemCount,
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), FileIo.Now(), MachineIdle.Now());

    /// <summary>
    /// Since <see cref="Now"/> was taken into this value, per <paramref name="items"/>, for stderr; with
    /// the pool's threads and the GC's collections and pauses, so a phase that ran slower than its twin
    /// (the fair ceiling moves by up to 40 % within a run) can be told apart by the runtime's state.
    /// </summary>
    public string PerItemSince(long items, string item)
    {
        var (now, n) = (Now(), Math.Max(1, items));
        return $"{(now.AllocatedBytes - AllocatedBytes) / 1024.0 / n:0.0} KB allocated and {(double)(now.PoolItems - PoolItems) / n:0.00} thread-pool items per {item}, {ThreadPool.ThreadCount} pool threads at the end; "
            + $"GC: {now.Gen0 - Gen0}/{now.Gen1 - Gen1}/{now.Gen2 - Gen2} collections (gen0/1/2), {(now.Paused - Paused).TotalMilliseconds:0} ms paused, {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:0} MB heap"
            + (now.Io is { } io && Io is { } from ? "; " + io.PerItemSince(from, n, item) : "")
            + (now.Idle is { } idle && Idle is { } since ? "; " + idle.Since(since) : "");
    }
}
