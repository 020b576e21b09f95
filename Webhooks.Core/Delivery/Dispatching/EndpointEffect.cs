namespace Webhooks.Core.Delivery.Dispatching;

public enum EndpointEffect
{
    None = 0,
    Success = 1,
    Failure = 2,
}
