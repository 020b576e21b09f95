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
    private int _local;

    public DeliveryNotifier(TimeProvider time)
    {
        _timer = time.CreateTimer(_ => Raise(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public event Action? Changed;

    /// <summary>
    /// Raised with <see cref="Changed"/> when at least one of the changes it stands for happened in
    /// this process: what other instances on the same database must hear about (PostgreSqlChangeFeed).
    /// </summary>
    public event Action? ChangedHere;

    /// <summary>Subscribes <paramref name="handler"/>; dispose the result to unsubscribe (components do so in Dispose).</summary>
    public IDisposable Subscribe(Action handler)
    {
        Changed += handler;
        return new Subscription(() => Changed -= handler);
    }

    public void Notify()
    {
        Volatile.Write(ref _local, 1);
        Schedule();
    }

    /// <summary>Another instance on the same database changed deliveries: refresh views here, without echoing it back.</summary>
    public void NotifyFromElsewhere() => Schedule();

    private void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
            _timer.Change(Window, Timeout.InfiniteTimeSpan);
    }

    private void Raise()
    {
        Volatile.Write(ref _scheduled, 0);
        var here = Interlocked.Exchange(ref _local, 0) == 1;
        Invoke(Changed);
        if (here)
            Invoke(ChangedHere);
    }

    private static void Invoke(Action? handlers)
    {
        foreach (var handler in handlers?.GetInvocationList() ?? [])
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
