using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Events;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.History;

/// <summary>The events page's queries: filtered, sorted and paged in the database (newest first unless asked).</summary>
public sealed class EventHistory(IDbContextFactory<WebhooksDbContext> dbFactory)
{
    public async Task<(IReadOnlyList<EventRow> Rows, int Total)> PageAsync(string? type, int skip, int take, EventSort sort = EventSort.Time, bool descending = true, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, DeliveryHistory.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Events.AsNoTracking();
        if (!string.IsNullOrEmpty(type))
            query = query.Where(e => e.Type == type);
        var total = await query.CountAsync(ct);
        var rows = await Order(query, sort, descending).Skip(Math.Max(0, skip)).Take(take)
            .Select(e => new EventRow(e.Id, e.Type, e.OccurredAt,
                db.Deliveries.Count(d => d.EventId == e.Id),
                db.Deliveries.Count(d => d.EventId == e.Id && d.Status == DeliveryStatus.Succeeded),
                db.Deliveries.Count(d => d.EventId == e.Id && d.Status == DeliveryStatus.Failed),
                db.Deliveries.Count(d => d.EventId == e.Id && d.Status == DeliveryStatus.Pending),
                db.Deliveries.Count(d => d.EventId == e.Id && d.Status == DeliveryStatus.Skipped),
                db.Deliveries.Count(d => d.EventId == e.Id && d.Status == DeliveryStatus.Cancelled)))
            .ToListAsync(ct);
        return (rows, total);
    }

    private static IOrderedQueryable<Event> Order(IQueryable<Event> query, EventSort sort, bool descending) => (sort, descending) switch
    {
        (EventSort.Type, false) => query.OrderBy(e => e.Type).ThenByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id),
        (EventSort.Type, true) => query.OrderByDescending(e => e.Type).ThenByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id),
        (_, false) => query.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id),
        _ => query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id),
    };

    public async Task<Event?> FindAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
    }
}
