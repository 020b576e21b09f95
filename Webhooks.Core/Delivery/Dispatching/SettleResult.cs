namespace Webhooks.Core.Delivery.Dispatching;

/// <param name="LeaseHeld">False when the delivery was no longer ours: taken over after our lease ran out, or deleted.</param>
/// <param name="AttemptRecorded">False when the attempt could not be recorded: the delivery is gone, or its number was already recorded.</param>
/// <param name="EndpointDisabledReason">Set when this settle disabled the endpoint.</param>
public sealed record SettleResult(bool LeaseHeld, bool AttemptRecorded, string? EndpointDisabledReason);
