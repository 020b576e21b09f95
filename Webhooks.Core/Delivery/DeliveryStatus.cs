namespace Webhooks.Core.Delivery;

public enum DeliveryStatus
{
    Pending = 0,
    Succeeded = 1,
    Failed = 2,
    /// <summary>Published while the endpoint was disabled; kept so it can be recovered later.</summary>
    Skipped = 3,
    Cancelled = 4,
}
