namespace Webhooks.Tests.Support;

/// <summary>
/// Real time, but timers fire only when the test says so (<see cref="Fire"/>), on the test's thread.
/// Component tests use it for the delivery notifier: bunit's renderer must not be driven from a
/// timer thread while the test reads the markup, and a live update becomes a step the test takes.
/// </summary>
public sealed class HeldTimeProvider : TimeProvider
{
    private readonly List<HeldTimer> _timers = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new HeldTimer(this, callback, state, dueTime != Timeout.InfiniteTimeSpan);
        lock (_timers)
            _timers.Add(timer);
        return timer;
    }

    /// <summary>Runs every timer that is due (changed to a finite due time), once.</summary>
    public void Fire()
    {
        List<HeldTimer> due;
        lock (_timers)
            due = _timers.Where(t => t.Armed).ToList();
        foreach (var timer in due)
            timer.Run();
    }

    private sealed class HeldTimer(HeldTimeProvider owner, TimerCallback callback, object? state, bool armed) : ITimer
    {
        public bool Armed { get; private set; } = armed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Armed = dueTime != Timeout.InfiniteTimeSpan;
            return true;
        }

        public void Run()
        {
            Armed = false;
            callback(state);
        }

        public void Dispose()
        {
            lock (owner._timers)
                owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
