namespace Webhooks.Core.Delivery.Dispatching;

/// <param name="LeaseHeld">False when another instance had taken the delivery over (our lease had expired).</param>
/// <param name="EndpointDisabledReason">Set when this settle disabled the endpoint.</param>
public sealed record SettleResult(bool LeaseHeld, string? EndpointDisabledReason);
