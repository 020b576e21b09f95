using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.History;

/// <summary>Dashboard and endpoint statistics, recomputed from the delivery and attempt rows.</summary>
public sealed class StatsService(IDbContextFactory<WebhooksDbContext> dbFactory, TimeProvider clock)
{
    // Latency percentiles come from the most recent attempts only: enough to be meaningful, bounded in cost.
    private const int LatencySample = 2000;

    public async Task<DashboardSummary> DashboardAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddHours(-24);
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        var endpoints = await db.Endpoints.AsNoTracking()
            .Select(e => new { e.Id, e.Name, e.IsEnabled, e.DisabledAutomatically, e.ConsecutiveFailures, e.LastError }).ToListAsync(ct);
        var recent = await db.Deliveries.AsNoTracking().Where(d => d.CreatedAt >= since && !d.IsTest)
            .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(DeliveryStatus s) => recent.FirstOrDefault(r => r.Status == s)?.Count ?? 0;
        var succeeded = Count(DeliveryStatus.Succeeded);
        var failed = Count(DeliveryStatus.Failed);

        var queueDepth = await db.Deliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, ct);
        var oldest = await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending).OrderBy(d => d.CreatedAt)
            .Select(d => (DateTime?)d.CreatedAt).FirstOrDefaultAsync(ct);

        var failingCounts = await db.Deliveries.AsNoTracking()
            .Where(d => d.CreatedAt >= since && d.Status == DeliveryStatus.Failed && !d.IsTest)
            .GroupBy(d => d.EndpointId).Select(g => new { EndpointId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var failing = endpoints
            .Select(e => new FailingEndpoint(e.Id, e.Name, failingCounts.FirstOrDefault(f => f.EndpointId == e.Id)?.Count ?? 0, e.ConsecutiveFailures, e.IsEnabled, e.LastError))
            .Where(f => f.Failed24h > 0 || f.ConsecutiveFailures > 0)
            .OrderByDescending(f => f.Failed24h).ThenByDescending(f => f.ConsecutiveFailures).Take(5).ToList();

        return new DashboardSummary(
            endpoints.Count, endpoints.Count(e => e.IsEnabled), endpoints.Count(e => !e.IsEnabled && e.DisabledAutomatically),
            recent.Sum(r => r.Count), succeeded, failed, Rate(succeeded, failed),
            queueDepth, oldest is { } o ? now - o : null,
            await HourlyAsync(db, null, since, now, ct), failing, recent.ToDictionary(r => r.Status, r => r.Count));
    }

    public async Task<EndpointStats> EndpointAsync(string endpointId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await db.Endpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == endpointId, ct) ?? throw new NotFoundException("Endpoint", endpointId);
        var all = await db.Deliveries.AsNoTracking().Where(d => d.EndpointId == endpointId && !d.IsTest)
            .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(DeliveryStatus s) => all.FirstOrDefault(r => r.Status == s)?.Count ?? 0;

        async Task<double?> RateSinceAsync(DateTime since)
        {
            var rows = await db.Deliveries.AsNoTracking().Where(d => d.EndpointId == endpointId && !d.IsTest && d.CreatedAt >= since)
                .GroupBy(d => d.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
            return Rate(rows.FirstOrDefault(r => r.Status == DeliveryStatus.Succeeded)?.Count ?? 0, rows.FirstOrDefault(r => r.Status == DeliveryStatus.Failed)?.Count ?? 0);
        }

        var durations = await db.DeliveryAttempts.AsNoTracking()
            .Where(a => db.Deliveries.Any(d => d.Id == a.DeliveryId && d.EndpointId == endpointId) && a.ResponseStatus != null)
            .OrderByDescending(a => a.Id).Take(LatencySample).Select(a => a.DurationMs).ToListAsync(ct);
        durations.Sort();

        return new EndpointStats(
            all.Sum(r => r.Count), Count(DeliveryStatus.Succeeded), Count(DeliveryStatus.Failed), Count(DeliveryStatus.Pending),
            Rate(Count(DeliveryStatus.Succeeded), Count(DeliveryStatus.Failed)),
            await RateSinceAsync(now.AddHours(-24)), await RateSinceAsync(now.AddDays(-7)),
            durations.Count == 0 ? null : durations.Average(),
            durations.Count == 0 ? null : durations[(int)Math.Ceiling(durations.Count * 0.95) - 1],
            endpoint.LastSuccessAt, endpoint.LastError, endpoint.ConsecutiveFailures,
            await HourlyAsync(db, endpointId, now.AddHours(-24), now, ct), all.ToDictionary(r => r.Status, r => r.Count));
    }

    private static async Task<IReadOnlyList<HourBucket>> HourlyAsync(WebhooksDbContext db, string? endpointId, DateTime since, DateTime now, CancellationToken ct)
    {
        var query = db.Deliveries.AsNoTracking().Where(d => d.CreatedAt >= since && !d.IsTest && (d.Status == DeliveryStatus.Succeeded || d.Status == DeliveryStatus.Failed));
        if (endpointId is not null)
            query = query.Where(d => d.EndpointId == endpointId);
        // Grouped in the database by hour: a day of deliveries can be millions of rows.
        var rows = await query.GroupBy(d => new { d.CreatedAt.Date, d.CreatedAt.Hour, d.Status })
            .Select(g => new { g.Key.Date, g.Key.Hour, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var start = new DateTime(since.Year, since.Month, since.Day, since.Hour, 0, 0, DateTimeKind.Utc);
        int CountAt(DateTime hour, DeliveryStatus status) =>
            rows.Where(r => r.Date == hour.Date && r.Hour == hour.Hour && r.Status == status).Sum(r => r.Count);
        return Enumerable.Range(0, 25).Select(i => start.AddHours(i)).Where(h => h <= now)
            .Select(h => new HourBucket(h, CountAt(h, DeliveryStatus.Succeeded), CountAt(h, DeliveryStatus.Failed))).ToList();
    }

    private static double? Rate(int succeeded, int failed) => succeeded + failed == 0 ? null : (double)succeeded / (succeeded + failed);
}
