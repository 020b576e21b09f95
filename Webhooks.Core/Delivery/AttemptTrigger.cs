namespace Webhooks.Core.Delivery;

public enum AttemptTrigger
{
    Scheduled = 0,
    Manual = 1,
    Test = 2,
}
