namespace Webhooks.Core.Delivery;

/// <summary>
/// Wakes the dispatcher at once when work appears (publish, retry, a freed slot), so a new
/// delivery does not wait for the next poll. Wakes coalesce: many signals, one wake-up.
/// </summary>
public sealed class DispatcherSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Wake()
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

    /// <summary>Waits for a wake-up or the timeout; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}
