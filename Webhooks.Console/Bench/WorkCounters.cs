namespace Webhooks.Console.Bench;

/// <summary>
/// Memory allocated and thread-pool items run, per item of work, over a timed part. Unlike CPU time
/// they hardly move with what else the machine is doing, so they tell a small change from the
/// noise where a rate cannot.
/// </summary>
public readonly record struct WorkCounters(long AllocatedBytes, long PoolItems)
{
    public static WorkCounters Now() => new(GC.GetTotalAllocatedBytes(), ThreadPool.CompletedWorkItemCount);

    /// <summary>
    /// Since <see cref="Now"/> was taken into this value, per <paramref name="items"/>, for stderr; with
    /// the pool's threads, which the runtime adds under load and which differ between the two ceilings.
    /// </summary>
    public string PerItemSince(long items, string item)
    {
        var (now, n) = (Now(), Math.Max(1, items));
        return $"{(now.AllocatedBytes - AllocatedBytes) / 1024.0 / n:0.0} KB allocated and {(double)(now.PoolItems - PoolItems) / n:0.00} thread-pool items per {item}, {ThreadPool.ThreadCount} pool threads at the end";
    }
}
