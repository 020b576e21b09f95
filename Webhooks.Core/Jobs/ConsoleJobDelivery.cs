namespace Webhooks.Core.Jobs;

/// <summary>
/// A delivery a job includes (table <c>ConsoleJobDeliveries</c>). <see cref="HandledAt"/> is set once
/// the job is done with it, in the same transaction as what it did: a job run again after a crash
/// skips those, and the count of handled rows is the job's progress.
/// </summary>
public class ConsoleJobDelivery
{
    public string JobId { get; set; } = "";
    public string DeliveryId { get; set; } = "";
    public DateTime? HandledAt { get; set; }
}
