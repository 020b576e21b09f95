using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.History;

/// <summary>
/// The deliveries grids' queries. Filtering, sorting and paging run in SQLite, never in memory:
/// the table is the dispatcher's queue and grows to millions of rows.
/// </summary>
public sealed class DeliveryHistory(IDbContextFactory<WebhooksDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<DeliveryPage> PageAsync(DeliveryFilter filter, DeliverySort sort, bool descending, int skip, int take, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        skip = Math.Max(0, skip);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(ct);
        var ordered = (sort, descending) switch
        {
            (DeliverySort.Status, false) => query.OrderBy(d => d.Status).ThenByDescending(d => d.CreatedAt),
            (DeliverySort.Status, true) => query.OrderByDescending(d => d.Status).ThenByDescending(d => d.CreatedAt),
            (DeliverySort.EventType, false) => query.OrderBy(d => d.EventType).ThenByDescending(d => d.CreatedAt),
            (DeliverySort.EventType, true) => query.OrderByDescending(d => d.EventType).ThenByDescending(d => d.CreatedAt),
            (DeliverySort.AttemptCount, false) => query.OrderBy(d => d.AttemptCount).ThenByDescending(d => d.CreatedAt),
            (DeliverySort.AttemptCount, true) => query.OrderByDescending(d => d.AttemptCount).ThenByDescending(d => d.CreatedAt),
            (DeliverySort.NextAttemptAt, false) => query.OrderBy(d => d.NextAttemptAt).ThenByDescending(d => d.CreatedAt),
            (DeliverySort.NextAttemptAt, true) => query.OrderByDescending(d => d.NextAttemptAt).ThenByDescending(d => d.CreatedAt),
            (_, false) => query.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id),
            _ => query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id),
        };
        var rows = await ordered.Skip(skip).Take(take)
            .Select(d => new DeliveryRow(d.Id, d.EventId, d.EventType, d.EndpointId, d.Endpoint!.Name, d.Status, d.AttemptCount,
                d.LastStatusCode, d.LastDurationMs, d.LastError, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.IsTest))
            .ToListAsync(ct);
        return new DeliveryPage(rows, total);
    }

    /// <summary>How many deliveries and attempts an endpoint has: what deleting it takes with it.</summary>
    public async Task<(int Deliveries, int Attempts)> CountOfEndpointAsync(string endpointId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deliveries = await db.Deliveries.CountAsync(d => d.EndpointId == endpointId, ct);
        var attempts = await db.DeliveryAttempts.CountAsync(a => db.Deliveries.Any(d => d.Id == a.DeliveryId && d.EndpointId == endpointId), ct);
        return (deliveries, attempts);
    }

    /// <summary>Ids of every delivery the filter matches, for "retry all that match"; capped.</summary>
    public async Task<List<string>> IdsAsync(DeliveryFilter filter, int max, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Filtered(db, filter).OrderBy(d => d.CreatedAt).Select(d => d.Id).Take(max).ToListAsync(ct);
    }

    public async Task<DeliveryDetail?> DetailAsync(string deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivery = await db.Deliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Endpoint)
            .FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null)
            return null;
        var attempts = await db.DeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ThenBy(a => a.Id).ToListAsync(ct);
        AttemptBodies.Fill(attempts, delivery.Event!);
        return new DeliveryDetail(delivery, delivery.Event!, delivery.Endpoint?.Name ?? delivery.EndpointId, attempts);
    }

    /// <summary>
    /// Newest first, in pages joined by an opaque cursor (keyset on time and id), so a script can walk
    /// millions of rows without OFFSET getting slower page by page.
    /// </summary>
    public async Task<LogPage> LogsAsync(DeliveryFilter filter, int limit, string? cursor, CancellationToken ct = default)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Filtered(db, filter);
        if (cursor is not null)
        {
            var (at, id) = DecodeCursor(cursor);
            query = query.Where(d => d.CreatedAt < at || (d.CreatedAt == at && d.Id.CompareTo(id) < 0));
        }
        var rows = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(limit + 1)
            .Select(d => new DeliveryRow(d.Id, d.EventId, d.EventType, d.EndpointId, d.Endpoint!.Name, d.Status, d.AttemptCount,
                d.LastStatusCode, d.LastDurationMs, d.LastError, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.IsTest))
            .ToListAsync(ct);
        var next = rows.Count > limit ? EncodeCursor(rows[limit - 1]) : null;
        return new LogPage(rows.Take(limit).ToList(), next);
    }

    private static string EncodeCursor(DeliveryRow row) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{row.CreatedAt.Ticks}|{row.Id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (DateTime At, string Id) DecodeCursor(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|', 2);
            return (new DateTime(long.Parse(parts[0]), DateTimeKind.Utc), parts[1]);
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw Common.ValidationFailedException.For("cursor", "The cursor is not one this API returned.");
        }
    }

    private static IQueryable<Delivery.Delivery> Filtered(WebhooksDbContext db, DeliveryFilter filter)
    {
        var query = db.Deliveries.AsNoTracking();
        if (filter.Status is { } status)
            query = query.Where(d => d.Status == status);
        if (!string.IsNullOrEmpty(filter.EventType))
            query = query.Where(d => d.EventType == filter.EventType);
        if (!string.IsNullOrEmpty(filter.EndpointId))
            query = query.Where(d => d.EndpointId == filter.EndpointId);
        if (!string.IsNullOrEmpty(filter.EventId))
            query = query.Where(d => d.EventId == filter.EventId);
        if (filter.From is { } from)
            query = query.Where(d => d.CreatedAt >= from);
        if (filter.To is { } to)
            query = query.Where(d => d.CreatedAt < to);
        if (filter.IsTest is { } isTest)
            query = query.Where(d => d.IsTest == isTest);
        return query;
    }
}
