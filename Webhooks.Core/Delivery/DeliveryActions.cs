using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery;

/// <summary>Send a test from the console or the HTTP API (Retry now, Retry selected and Recover are jobs: <see cref="Jobs.ConsoleJobs"/>).</summary>
public sealed class DeliveryActions(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    DeliveryProcessor processor,
    DeliveryStore store,
    DeliveryNotifier notifier,
    DispatcherInstance instance,
    IOptions<DeliveryOptions> options,
    IOptions<EventOptions> eventOptions,
    TimeProvider time,
    ILogger<DeliveryActions> logger)
{
    public const string DefaultTestPayload = """{"message":"This is a test webhook."}""";

    /// <summary>
    /// Sends <paramref name="eventType"/> (default <c>webhook.test</c>) with <paramref name="payloadJson"/>
    /// (default: the type's sample) to this one endpoint now, inline, even when it is disabled, and
    /// returns the attempt (status, latency, response). Recorded as a test delivery; never retried.
    /// Null when the endpoint does not exist. A test whose answer is never recorded (the caller
    /// cancels, the process stops) ends Failed with the reason: here when it can, else by the
    /// dispatcher once the test's lease runs out.
    /// </summary>
    /// <exception cref="PublishException">Unknown or archived type, or a payload that is not a JSON object or too large.</exception>
    public async Task<DeliveryAttempt?> SendTestAsync(string endpointId, string? eventType = null, string? payloadJson = null, CancellationToken ct = default)
    {
        var type = string.IsNullOrWhiteSpace(eventType) ? EventType.TestEventName : eventType;
        DeliveryEntity delivery;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var endpoint = await db.Endpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == endpointId, ct);
            if (endpoint is null)
                return null;
            await WebhookPublisher.EnsurePublishableAsync(db, type, ct);
            payloadJson ??= await db.EventTypes.Where(t => t.Name == type).Select(t => t.SamplePayload).FirstOrDefaultAsync(ct) ?? DefaultTestPayload;
            var (data, _) = EventPayload.Normalize(EventPayload.ParseObject(payloadJson), null, eventOptions.Value.MaxPayloadBytes);

            var now = WebhookPublisher.Truncate(time.GetUtcNow().UtcDateTime);
            var evt = new Event { Id = SortableId.New("evt", now), Type = type, Data = data, OccurredAt = now };
            delivery = new DeliveryEntity
            {
                Id = SortableId.New("dlv", now),
                EventId = evt.Id,
                EndpointId = endpoint.Id,
                EventType = type,
                Status = DeliveryStatus.Pending,
                // Sent right here, under our lease. Due only when that lease runs out: then nobody is
                // waiting for its answer any more, and the dispatcher ends it as interrupted (never sends it).
                NextAttemptAt = now + options.Value.LeaseDuration,
                NextTrigger = AttemptTrigger.Test,
                LeasedBy = instance.Id,
                LeasedUntil = now + options.Value.LeaseDuration,
                IsTest = true,
                CreatedAt = now,
            };
            db.Events.Add(evt);
            db.Deliveries.Add(delivery);
            await db.SaveChangesAsync(ct);
            delivery.Event = evt;
            delivery.Endpoint = endpoint;
        }
        try
        {
            var attempt = await processor.DeliverAsync(delivery, ct);
            AttemptBodies.Fill([attempt], delivery.Event!);
            return attempt;
        }
        catch (Exception ex)
        {
            var reason = ex is OperationCanceledException
                ? "The test was cancelled before its answer came: the caller stopped waiting."
                : $"The test could not be completed: {ex.Message}";
            await TryCloseAsync(delivery.Id, delivery.LeasedBy!, reason);
            throw;
        }
    }

    private async Task TryCloseAsync(string deliveryId, string owner, string reason)
    {
        try
        {
            await store.CloseAsync(owner, deliveryId, DeliveryStatus.Failed, reason, CancellationToken.None);
            notifier.Notify();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Test delivery {DeliveryId} could not be closed now; the dispatcher ends it when its lease runs out", deliveryId);
        }
    }
}
