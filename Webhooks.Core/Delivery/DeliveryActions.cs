using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery.Dispatching;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery;

/// <summary>What an admin (console or HTTP API) can do to deliveries: retry now, recover in bulk, send a test.</summary>
public sealed class DeliveryActions(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    DeliveryProcessor processor,
    DeliveryStore store,
    DispatcherSignal signal,
    DeliveryNotifier notifier,
    DispatcherInstance instance,
    IOptions<DeliveryOptions> options,
    IOptions<EventOptions> eventOptions,
    TimeProvider time,
    ILogger<DeliveryActions> logger)
{
    public const string DefaultTestPayload = """{"message":"This is a test webhook."}""";

    /// <summary>
    /// Queues one delivery for a manual attempt right away, whatever its status. A manual attempt
    /// is never rescheduled: if it fails the delivery is Failed again. False when no such delivery.
    /// </summary>
    public async Task<bool> RetryNowAsync(string deliveryId, CancellationToken ct = default) =>
        await RetryNowAsync([deliveryId], ct) == 1;

    /// <summary>Bulk form of <see cref="RetryNowAsync(string, CancellationToken)"/> (a grid's selection); returns how many were queued.</summary>
    public async Task<int> RetryNowAsync(IReadOnlyCollection<string> deliveryIds, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var count = await db.Deliveries.Where(d => deliveryIds.Contains(d.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.Status, DeliveryStatus.Pending)
            .SetProperty(d => d.NextAttemptAt, now)
            .SetProperty(d => d.NextTrigger, AttemptTrigger.Manual)
            .SetProperty(d => d.UnsettledClaims, 0), ct);
        if (count > 0)
        {
            signal.Wake();
            notifier.Notify();
        }
        return count;
    }

    /// <summary>How many deliveries <see cref="RecoverAsync"/> would re-queue, to show before asking.</summary>
    public async Task<int> CountRecoverableAsync(string endpointId, DateTime since, IReadOnlyCollection<DeliveryStatus> statuses, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Recoverable(db, endpointId, since, statuses).CountAsync(ct);
    }

    /// <summary>
    /// Re-queues the endpoint's deliveries created since <paramref name="since"/> with one of
    /// <paramref name="statuses"/> (typically Failed and Skipped), oldest first, spread over time at
    /// <see cref="DeliveryOptions.RecoverPerSecond"/> so a replay does not flood the receiver.
    /// They go through the normal schedule again. Returns how many were queued; progress is visible as
    /// those deliveries leave Pending (the last is due after count / RecoverPerSecond seconds).
    /// </summary>
    public async Task<int> RecoverAsync(string endpointId, DateTime since, IReadOnlyCollection<DeliveryStatus> statuses, CancellationToken ct = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var perSecond = options.Value.RecoverPerSecond;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await Recoverable(db, endpointId, since, statuses).OrderBy(d => d.CreatedAt).Select(d => d.Id).ToListAsync(ct);
        var queued = 0;
        foreach (var (chunk, second) in ids.Chunk(perSecond).Select((c, i) => (c, i)))
        {
            var due = now.AddSeconds(second);
            queued += await Recoverable(db, endpointId, since, statuses).Where(d => chunk.Contains(d.Id)).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, DeliveryStatus.Pending)
                .SetProperty(d => d.NextAttemptAt, due)
                .SetProperty(d => d.NextTrigger, AttemptTrigger.Scheduled)
                .SetProperty(d => d.UnsettledClaims, 0)
                .SetProperty(d => d.LeasedUntil, (DateTime?)null)
                .SetProperty(d => d.LeasedBy, (string?)null), ct);
        }
        await tx.CommitAsync(ct);
        logger.LogInformation("Recovering {Count} deliveries of endpoint {EndpointId} since {Since:o} at {PerSecond} per second", queued, endpointId, since, perSecond);
        if (queued > 0)
        {
            signal.Wake();
            notifier.Notify();
        }
        return queued;
    }

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
            return await processor.DeliverAsync(delivery, ct);
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

    private static IQueryable<DeliveryEntity> Recoverable(WebhooksDbContext db, string endpointId, DateTime since, IReadOnlyCollection<DeliveryStatus> statuses)
    {
        var wanted = statuses.Where(s => s != DeliveryStatus.Pending).Distinct().ToList();
        return db.Deliveries.Where(d => d.EndpointId == endpointId && !d.IsTest && d.CreatedAt >= since && wanted.Contains(d.Status));
    }
}
