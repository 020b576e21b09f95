namespace Webhooks.Tests.Support;

/// <summary>
/// Real time moved by an offset the test sets: a lease can be made to run out at once, while
/// timers, timestamps and HTTP timeouts keep running on the real clock.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
