namespace Webhooks.Core.Persistence;

/// <summary>
/// Lets this process's hot writers (publish, claim, settle) take SQLite's single write lock one at
/// a time, in arrival order. Without it they collide on the lock and SQLite's busy handler puts the
/// losers to sleep for 1, 2, 5, 10... ms, which under load cost more time than the writes
/// themselves. It orders writers of one process only; another process (or a rarely used writer
/// here) still waits on <c>busy_timeout</c>, as before. A server database would not need it, and
/// it holds no state another instance could contradict.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<Lease> EnterAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        return new Lease(_gate);
    }

    public readonly struct Lease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
