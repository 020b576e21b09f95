namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>A delivery this instance now holds the lease on.</summary>
/// <param name="UnsettledClaims">Claims without a result, this one included (<see cref="Delivery.UnsettledClaims"/>).</param>
public sealed record ClaimedDelivery(string Id, string EndpointId, bool IsTest, AttemptTrigger NextTrigger, int UnsettledClaims)
{
    /// <summary>
    /// A test sent inline whose answer was never recorded (its caller went away or its process
    /// stopped): it is due only once its lease ran out. The dispatcher never sends those; a test
    /// queued again with Retry now is an ordinary manual attempt.
    /// </summary>
    public bool IsUnsettledTest => IsTest && NextTrigger == AttemptTrigger.Test;
}
