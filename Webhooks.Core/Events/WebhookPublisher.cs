using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Events;

/// <inheritdoc cref="IWebhookPublisher"/>
public sealed class WebhookPublisher(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    IOptions<EventOptions> options,
    EventWriter writer,
    DispatcherSignal signal,
    DeliveryNotifier notifier,
    TimeProvider time,
    ILogger<WebhookPublisher> logger) : IWebhookPublisher
{
    public async Task<PublishResult> PublishAsync(string eventType, JsonElement data, JsonElement? metadata = null, string? idempotencyKey = null, CancellationToken ct = default)
    {
        var (dataJson, metadataJson) = EventPayload.Normalize(data, metadata, options.Value.MaxPayloadBytes);
        EventPayload.CheckIdempotencyKey(idempotencyKey);

        PublishTargets targets;
        // The context (and its connection) goes back to the pool before the commit is awaited: a
        // burst of publishes waiting on one group commit would otherwise hold a connection each.
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (idempotencyKey is not null && await FindDuplicateAsync(db, idempotencyKey, ct) is { } earlier)
                return earlier;
            targets = await PublishTargets.ReadAsync(db, eventType, ct);
        }
        EnsurePublishable(eventType, targets.Known, targets.Archived);

        var now = Truncate(time.GetUtcNow().UtcDateTime);
        var evt = new Event
        {
            Id = SortableId.New("evt", now),
            Type = eventType,
            Data = dataJson,
            Metadata = metadataJson,
            OccurredAt = now,
            IdempotencyKey = idempotencyKey,
        };
        var deliveries = targets.Endpoints
            .Where(e => e.Subscriptions.Any(p => Matches(p, eventType)))
            .Select(e => new DeliveryEntity
            {
                Id = SortableId.New("dlv", now),
                EventId = evt.Id,
                EndpointId = e.Id,
                EventType = eventType,
                // Kept rather than dropped, so they can be recovered once the endpoint is back.
                Status = e.IsEnabled ? DeliveryStatus.Pending : DeliveryStatus.Skipped,
                NextAttemptAt = e.IsEnabled ? now : null,
                NextTrigger = AttemptTrigger.Scheduled,
                CreatedAt = now,
            })
            .ToList();

        try
        {
            // One transaction (shared with concurrent publishes): the event never exists without its deliveries.
            await writer.WriteAsync(evt, deliveries).WaitAsync(ct);
        }
        catch (DbException) when (idempotencyKey is not null)
        {
            // Another publisher won the race for this key (unique index); answer as if we had come
            // second. Checked by re-reading rather than by provider error codes.
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            if (await FindDuplicateAsync(fresh, idempotencyKey, ct) is { } winner)
                return winner;
            throw;
        }

        var pending = deliveries.Count(d => d.Status == DeliveryStatus.Pending);
        logger.LogInformation("Triggering {Count} webhooks for event {EventType}", pending, eventType);
        if (pending > 0)
            signal.Wake();
        notifier.Notify();
        return new PublishResult(evt.Id, deliveries.Count, Duplicate: false);
    }

    /// <summary>Refuses types that are not in the catalog or are archived; <c>webhook.test</c> is always known.</summary>
    internal static async Task EnsurePublishableAsync(WebhooksDbContext db, string eventType, CancellationToken ct)
    {
        var type = await db.EventTypes.AsNoTracking().Where(t => t.Name == eventType).Select(t => new { t.IsArchived }).FirstOrDefaultAsync(ct);
        EnsurePublishable(eventType, type is not null, type?.IsArchived == true);
    }

    private static void EnsurePublishable(string eventType, bool known, bool archived)
    {
        if (!known && eventType != EventType.TestEventName)
            throw new PublishException(PublishErrorCode.UnknownEventType, $"Unknown event type '{eventType}': add it to the catalog first.");
        if (archived)
            throw new PublishException(PublishErrorCode.ArchivedEventType, $"Event type '{eventType}' is archived and cannot be published.");
    }

    /// <summary>Event times are kept to the millisecond, the precision of the <c>timestamp</c> receivers get.</summary>
    internal static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    /// <summary>Subscription patterns: the exact name, <c>group.*</c>, or <c>*</c>.</summary>
    internal static bool Matches(string pattern, string eventType)
    {
        if (pattern == "*")
            return true;
        if (pattern.EndsWith(".*", StringComparison.Ordinal))
            return eventType.StartsWith(pattern[..^1], StringComparison.Ordinal);
        return string.Equals(pattern, eventType, StringComparison.Ordinal);
    }

    private static async Task<PublishResult?> FindDuplicateAsync(WebhooksDbContext db, string key, CancellationToken ct)
    {
        var id = await db.Events.AsNoTracking().Where(e => e.IdempotencyKey == key).Select(e => e.Id).FirstOrDefaultAsync(ct);
        if (id is null)
            return null;
        var count = await db.Deliveries.CountAsync(d => d.EventId == id && !d.IsTest, ct);
        return new PublishResult(id, count, Duplicate: true);
    }
}
