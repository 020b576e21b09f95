namespace Webhooks.Core.Delivery;

/// <summary>
/// Tells live views (grids, dashboard) that deliveries changed: raised after publish, settle and
/// retry, at most once per <see cref="Window"/>, so a burst of deliveries is one refresh, not thousands.
/// Handlers run on a timer thread; UI components marshal to their own context.
/// </summary>
public sealed class DeliveryNotifier : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    private readonly ITimer _timer;
    private int _scheduled;

    public DeliveryNotifier(TimeProvider time)
    {
        _timer = time.CreateTimer(_ => Raise(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public event Action? Changed;

    /// <summary>Subscribes <paramref name="handler"/>; dispose the result to unsubscribe (components do so in Dispose).</summary>
    public IDisposable Subscribe(Action handler)
    {
        Changed += handler;
        return new Subscription(() => Changed -= handler);
    }

    public void Notify()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            _timer.Change(Window, Timeout.InfiniteTimeSpan);
    }

    private void Raise()
    {
        Volatile.Write(ref _scheduled, 0);
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action)handler)();
            }
            catch
            {
                // One broken subscriber (a closed circuit) must not stop the others being told.
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
