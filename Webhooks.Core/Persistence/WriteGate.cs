namespace Webhooks.Core.Persistence;

/// <summary>
/// Lets this process's hot writers (publish, claim, settle) take SQLite's single write lock one at
/// a time, in arrival order. Without it they collide on the lock and SQLite's busy handler puts the
/// losers to sleep for 1, 2, 5, 10... ms, which under load cost more time than the writes
/// themselves. It orders writers of one process only; another process (or a rarely used writer
/// here) still waits on <c>busy_timeout</c>, as before. PostgreSQL locks rows, not the database:
/// there the gate lets every writer through at once (<see cref="PersistenceServiceCollectionExtensions.AddWebhooksPersistence"/>
/// picks). It holds no state another instance could contradict.
/// </summary>
public sealed class WriteGate
{
    private static readonly Task<Lease> Open = Task.FromResult(default(Lease));

    private readonly SemaphoreSlim? _gate;

    /// <param name="oneWriter">True where the database takes one writer at a time (SQLite): writers then enter one by one; false lets them all through.</param>
    public WriteGate(bool oneWriter = true) => _gate = oneWriter ? new SemaphoreSlim(1, 1) : null;

    /// <summary>Waits for this writer's turn; disposing the lease lets the next one in.</summary>
    public Task<Lease> EnterAsync(CancellationToken ct = default) => _gate is null ? Open : EnterOneAsync(_gate, ct);

    private static async Task<Lease> EnterOneAsync(SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        return new Lease(gate);
    }

    /// <summary>A writer's turn; <c>default</c> when the gate orders nothing.</summary>
    public readonly struct Lease(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
