namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>The outcome of one claim round: the next step, and for <see cref="RoundStep.Idle"/> how long to wait at most.</summary>
public readonly record struct RoundResult(RoundStep Step, TimeSpan Wait)
{
    public static readonly RoundResult Continue = new(RoundStep.Continue, TimeSpan.Zero);
    public static readonly RoundResult WaitForSlot = new(RoundStep.WaitForSlot, TimeSpan.Zero);

    public static RoundResult Idle(TimeSpan wait) => new(RoundStep.Idle, wait);
}
