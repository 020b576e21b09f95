namespace Webhooks.Core.Delivery;

/// <summary>
/// Wakes the dispatcher at once, so nothing waits for the next poll. <see cref="Wake"/> says work
/// may have become due (a publish, a retry scheduled or requested, a delivery handed back) and
/// moves <see cref="Work"/> on; <see cref="WakeForCapacity"/> says only that a slot was freed.
/// Wakes coalesce: many signals, one wake-up; none is lost, since the semaphore keeps it until the
/// dispatcher waits again.
/// </summary>
public sealed class DispatcherSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
    private long _work;
    private int _recordWanted;

    /// <summary>Moves on with every <see cref="Wake"/>: unchanged means no new work was announced since it was read.</summary>
    public long Work => Interlocked.Read(ref _work);

    public void Wake()
    {
        Interlocked.Increment(ref _work);
        Release();
    }

    public void WakeForCapacity() => Release();

    /// <summary>
    /// Asks that the next recorded attempt wake the dispatcher (<see cref="WakeForRecord"/>): a round
    /// calls it as it starts, before it reads what it decides on, so a record made meanwhile is not missed.
    /// </summary>
    public void WantRecord() => Volatile.Write(ref _recordWanted, 1);

    /// <summary>Withdraws <see cref="WantRecord"/>: the round will not wait for a record.</summary>
    public void RecordNotWanted() => Volatile.Write(ref _recordWanted, 0);

    /// <summary>
    /// An attempt was recorded without freeing a slot: wakes the dispatcher only if its round asked,
    /// one waiting for a delivery whose task still holds it (see the dispatcher's round).
    /// </summary>
    public void WakeForRecord()
    {
        if (Volatile.Read(ref _recordWanted) == 1 && Interlocked.Exchange(ref _recordWanted, 0) == 1)
            Release();
    }

    /// <summary>Waits for a wake-up or the timeout; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    private void Release()
    {
        try
        {
            if (_semaphore.CurrentCount == 0)
                _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another thread woke it between the check and the release: already awake.
        }
    }
}
