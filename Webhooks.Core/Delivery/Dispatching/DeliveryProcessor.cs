using Microsoft.Extensions.Logging;
using Webhooks.Core.Delivery.Sending;
using Webhooks.Core.Metrics;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// One attempt of one delivery, in steps: prepare the request, send it, then settle as success or
/// failure. Whatever goes wrong before the answer (a request that cannot be built, a send that
/// throws) is a failed attempt with its error recorded, never an exception: the retry schedule then
/// takes the delivery to a final state. Used by the dispatcher for queued work and inline by the
/// Test action.
/// </summary>
public sealed class DeliveryProcessor(
    WebhookRequestFactory requests,
    WebhookSender sender,
    SettleQueue settles,
    RetryPolicy retry,
    DispatcherInstance instance,
    DispatcherSignal signal,
    DeliveryNotifier notifier,
    DeliveryMetrics metrics,
    TimeProvider time,
    ILogger<DeliveryProcessor> logger)
{
    /// <param name="delivery">Leased to this instance, with its Event and its Endpoint as it is now.</param>
    /// <param name="ct">Stops the send when the process stops; the lease is then handed back or runs out, and another claim resends.</param>
    /// <param name="sent">Called once the HTTP exchange is over, before the settle: the endpoint has no request of ours in flight any more.</param>
    /// <param name="scheduledRetry">
    /// A manual attempt of a delivery that is waiting for a scheduled retry: its due time. If the
    /// attempt fails the delivery waits for it again (Pending, same time, same tries left) instead
    /// of ending Failed; a manual attempt never uses up or adds a scheduled try.
    /// </param>
    public async Task<DeliveryAttempt> DeliverAsync(DeliveryEntity delivery, CancellationToken ct, Action? sent = null, DateTime? scheduledRetry = null)
    {
        var number = delivery.AttemptCount + 1;
        var trigger = delivery.IsTest ? AttemptTrigger.Test : delivery.NextTrigger;
        var request = Prepare(delivery, number, out var unprepared);
        var result = unprepared ?? await SendAsync(request!, ct);
        sent?.Invoke();
        var attempt = Record(delivery, number, trigger, request, result);
        var settlement = result.Succeeded ? SettleSuccess(delivery) : SettleFailure(delivery, trigger, number, result, scheduledRetry);
        // The request went out: record it even if the process is stopping, or it would be sent again for nothing.
        // Under the owner the lease was taken by: the instance's id changes when Hangfire restarts its server.
        var settled = await settles.SettleAsync(new SettleRequest(delivery.LeasedBy ?? instance.Id, attempt, settlement, delivery.EndpointId));
        if (settlement.Status == DeliveryStatus.Pending)
            signal.Wake(); // a retry is scheduled: the dispatcher's idle wait may end later than it
        Log(delivery, attempt, settlement, settled);
        metrics.Attempted(attempt, settled.LeaseHeld ? settlement.Status : DeliveryStatus.Pending, delivery.IsTest);
        notifier.Notify();
        return attempt;
    }

    /// <summary>The request, or (when it cannot be built) the failed result that says why.</summary>
    private OutboundRequest? Prepare(DeliveryEntity delivery, int number, out SendResult? failure)
    {
        failure = null;
        try
        {
            return requests.Build(delivery, number, time.GetUtcNow().UtcDateTime);
        }
        catch (Exception ex)
        {
            failure = NotSent(ex is PreparationFailedException ? ex.Message : $"The request could not be prepared: {ex.Message}");
            return null;
        }
    }

    private async Task<SendResult> SendAsync(OutboundRequest request, CancellationToken ct)
    {
        try
        {
            return await sender.SendAsync(request, ct);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
        {
            // The sender turns the receiver's faults into results; anything else is ours, and may have
            // happened before or after the request left. Recorded as a failed attempt all the same.
            return NotSent($"The request could not be sent: {ex.Message}");
        }
    }

    private SendResult NotSent(string error)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new SendResult(now, now, 0, null, null, null, false, AttemptErrorKind.Other, error, null);
    }

    private static DeliveryAttempt Record(DeliveryEntity delivery, int number, AttemptTrigger trigger, OutboundRequest? request, SendResult result) => new()
    {
        DeliveryId = delivery.Id,
        Number = number,
        Trigger = trigger,
        StartedAt = result.StartedAt,
        DurationMs = result.DurationMs,
        RequestUrl = delivery.Endpoint!.Url,
        RequestHeadersUtf8 = request?.RecordedHeadersUtf8, // null, when nothing was built, reads as "{}"
        // Null: the event's own body, kept with the event (DeliveryAttempt.RequestBody).
        RequestBody = request is null ? "" : null,
        ResponseStatus = result.Status,
        ResponseHeaders = result.ResponseHeadersJson,
        ResponseBody = result.ResponseBody,
        ResponseBodyTruncated = result.ResponseBodyTruncated,
        Succeeded = result.Succeeded,
        ErrorKind = result.ErrorKind,
        Error = result.Error,
    };

    private static Settlement SettleSuccess(DeliveryEntity delivery) =>
        new(DeliveryStatus.Succeeded, null, delivery.IsTest ? EndpointEffect.None : EndpointEffect.Success);

    private Settlement SettleFailure(DeliveryEntity delivery, AttemptTrigger trigger, int number, SendResult result, DateTime? scheduledRetry)
    {
        // A test shows the admin what happened; it neither retries nor judges the endpoint.
        if (delivery.IsTest)
            return new(DeliveryStatus.Failed, null, EndpointEffect.None);
        const string gone = "Disabled automatically: the receiver answered 410 Gone.";
        // A manual attempt in the middle of the schedule leaves the schedule as it was.
        if (trigger == AttemptTrigger.Manual && scheduledRetry is { } waiting)
            return new(DeliveryStatus.Pending, waiting, EndpointEffect.Failure, DisableNow: result.Status == 410 ? gone : null);
        if (result.Status == 410)
            return new(DeliveryStatus.Failed, null, EndpointEffect.Failure, CountsAsFailedDelivery: trigger == AttemptTrigger.Scheduled, DisableNow: gone);
        // A manual retry is one shot: a person is watching it, and the schedule already ran once.
        // The schedule counts scheduled attempts only: manual ones never use up a try.
        var next = trigger == AttemptTrigger.Scheduled && delivery.Endpoint!.RetryEnabled
            ? retry.NextAttemptAt(number - delivery.ManualAttempts, result.FinishedAt, result.RetryAfter)
            : null;
        return next is null
            ? new(DeliveryStatus.Failed, null, EndpointEffect.Failure, CountsAsFailedDelivery: trigger == AttemptTrigger.Scheduled)
            : new(DeliveryStatus.Pending, next, EndpointEffect.Failure);
    }

    private void Log(DeliveryEntity delivery, DeliveryAttempt attempt, Settlement settlement, SettleResult settled)
    {
        // Most attempts succeed and are logged at Information, usually filtered out: parsing the URL
        // for the log and formatting the message cost per delivery even then, so check first.
        if (attempt.Succeeded)
        {
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("Webhook sent successfully to {Url}", SafeUrl.ForLog(attempt.RequestUrl));
        }
        else
        {
            var url = SafeUrl.ForLog(attempt.RequestUrl);
            logger.LogWarning("Error sending webhook to {Url}: {Reason}", url, attempt.Error);
            if (settlement.Status == DeliveryStatus.Failed && !delivery.IsTest && settled.LeaseHeld)
                logger.LogError("Delivery {DeliveryId} of event {EventId} ({EventType}) to {Url} failed after {Attempts} attempts: {Reason}",
                    delivery.Id, delivery.EventId, delivery.EventType, url, attempt.Number, attempt.Error);
        }
        if (settled.EndpointDisabledReason is { } reason)
            logger.LogWarning("Endpoint {EndpointName} ({EndpointId}) was disabled: {Reason}", delivery.Endpoint!.Name, delivery.EndpointId, reason);
        if (!settled.AttemptRecorded)
            logger.LogWarning("Delivery {DeliveryId}: attempt {Number} was sent but is not recorded: the delivery was deleted meanwhile (with its endpoint), or another dispatcher recorded that attempt number first", delivery.Id, attempt.Number);
        else if (!settled.LeaseHeld)
            logger.LogWarning("Delivery {DeliveryId} was taken over by another dispatcher while sending (lease expired); its attempt is recorded, its status left to the new owner", delivery.Id);
    }
}
