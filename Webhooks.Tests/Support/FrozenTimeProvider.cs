namespace Webhooks.Tests.Support;

/// <summary>
/// A clock that stands still until the test moves it (<see cref="Advance"/>), while timers and
/// timestamps (durations, timeouts) run on real time: a state the dispatcher leaves as soon as a
/// due time passes stays put while the test looks at it, however slow the machine.
/// </summary>
public sealed class FrozenTimeProvider : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.UtcTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}
