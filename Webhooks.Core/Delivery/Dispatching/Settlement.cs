namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>How an attempt ends a delivery's turn, and what it does to the endpoint's health.</summary>
/// <param name="Status">Pending (scheduled again), Succeeded or Failed.</param>
/// <param name="NextAttemptAt">When Pending: when to try again.</param>
/// <param name="EndpointEffect">Whether the endpoint's health columns change (test sends leave them alone).</param>
/// <param name="CountsAsFailedDelivery">The delivery ended Failed on the schedule: one more towards auto-disable.</param>
/// <param name="DisableNow">Disable the endpoint at once with this reason (410 Gone).</param>
public sealed record Settlement(
    DeliveryStatus Status,
    DateTime? NextAttemptAt,
    EndpointEffect EndpointEffect,
    bool CountsAsFailedDelivery = false,
    string? DisableNow = null);
