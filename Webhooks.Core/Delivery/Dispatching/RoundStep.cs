namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>What the dispatcher does after a claim round.</summary>
public enum RoundStep
{
    /// <summary>A full batch was taken; more may be due: go straight on.</summary>
    Continue,

    /// <summary>Capacity is the limit: wait until a permit is given back (or the poll interval).</summary>
    WaitForSlot,

    /// <summary>Nothing more to take: wait until the next due time, a wake-up, or the poll interval.</summary>
    Idle,
}
