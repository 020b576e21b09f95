using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Jobs;

/// <summary>
/// The statements of the console's jobs: the manual lease of one delivery, a job's deliveries and
/// progress, and Recover's re-queue. Plain LINQ (no provider-specific SQL), so a PostgreSQL
/// provider runs them as they are. Each write is one short statement or transaction.
/// </summary>
public sealed class ConsoleJobStore(IDbContextFactory<WebhooksDbContext> dbFactory, WriteGate writeGate)
{
    /// <summary>
    /// Leases <paramref name="deliveryId"/> to <paramref name="owner"/> until <paramref name="until"/>
    /// when no live lease holds it (whatever its status): one conditional UPDATE, as the
    /// dispatcher's claim, so the two never hold a row at once. The status is left as it is: a
    /// Failed delivery under a manual attempt stays Failed until the attempt is recorded.
    /// </summary>
    public async Task<ManualLease> LeaseAsync(string owner, string deliveryId, DateTime now, DateTime until, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        int leased;
        using (await writeGate.EnterAsync(ct))
            leased = await db.Deliveries.Where(d => d.Id == deliveryId && (d.LeasedUntil == null || d.LeasedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeasedBy, owner).SetProperty(d => d.LeasedUntil, until), ct);
        if (leased > 0)
            return ManualLease.Leased;
        return await db.Deliveries.AnyAsync(d => d.Id == deliveryId, ct) ? ManualLease.Busy : ManualLease.Missing;
    }

    /// <summary>Marks a delivery of the job done with (attempted, skipped, gone); see <see cref="ConsoleJobDelivery.HandledAt"/>.</summary>
    public async Task MarkHandledAsync(string jobId, string deliveryId, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var write = await writeGate.EnterAsync(ct);
        await db.ConsoleJobDeliveries.Where(l => l.JobId == jobId && l.DeliveryId == deliveryId)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.HandledAt, now), ct);
    }

    /// <summary>The job's deliveries not handled yet (a run after a crash starts from these), oldest first, with their endpoint and its rate limit.</summary>
    public async Task<IReadOnlyList<(string DeliveryId, string EndpointId, int? RateLimitPerSecond)>> UnhandledAsync(string jobId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ConsoleJobDeliveries.Where(l => l.JobId == jobId && l.HandledAt == null)
            .Join(db.Deliveries, l => l.DeliveryId, d => d.Id, (l, d) => new { d.Id, d.EndpointId, d.CreatedAt, d.Endpoint!.RateLimitPerSecond })
            .OrderBy(r => r.CreatedAt).ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.EndpointId, r.RateLimitPerSecond))];
    }

    /// <summary>Handled deliveries of each job in <paramref name="jobIds"/> (their progress).</summary>
    public async Task<Dictionary<string, int>> DoneAsync(IReadOnlyCollection<string> jobIds, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConsoleJobDeliveries.Where(l => jobIds.Contains(l.JobId) && l.HandledAt != null)
            .GroupBy(l => l.JobId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    public async Task<ConsoleJobRecord?> FindAsync(string jobId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ConsoleJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
    }

    public async Task SetTotalAsync(string jobId, int total, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var write = await writeGate.EnterAsync(ct);
        await db.ConsoleJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(u => u.SetProperty(j => j.Total, total), ct);
    }

    /// <summary>
    /// The deliveries a Recover re-queues: the endpoint's, created in [<paramref name="since"/>,
    /// <paramref name="until"/>], with one of <paramref name="statuses"/>, not tests. With
    /// <paramref name="jobId"/>, those that job has not handled yet.
    /// </summary>
    public static IQueryable<Delivery.Delivery> Recoverable(WebhooksDbContext db, string endpointId, DateTime since, DateTime until, IReadOnlyCollection<DeliveryStatus> statuses, string? jobId = null)
    {
        var wanted = statuses.Where(s => s != DeliveryStatus.Pending).Distinct().ToList();
        var query = db.Deliveries.Where(d => d.EndpointId == endpointId && !d.IsTest && d.CreatedAt >= since && d.CreatedAt <= until && wanted.Contains(d.Status));
        return jobId is null ? query : query.Where(d => !db.ConsoleJobDeliveries.Any(l => l.JobId == jobId && l.DeliveryId == d.Id));
    }

    public async Task<int> CountRecoverableAsync(string endpointId, DateTime since, DateTime until, IReadOnlyCollection<DeliveryStatus> statuses, string? jobId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Recoverable(db, endpointId, since, until, statuses, jobId).CountAsync(ct);
    }

    /// <summary>
    /// Re-queues the next <paramref name="limit"/> (oldest first) of what Recover job
    /// <paramref name="jobId"/> has not handled: each becomes Pending, due now, as a scheduled try,
    /// and is marked handled by the job in the same transaction, so a run after a crash never
    /// picks it again. A delivery under a live lease (a manual attempt) is left to that attempt.
    /// Returns how many were handled; 0 when nothing is left.
    /// </summary>
    public async Task<int> RequeueNextAsync(string jobId, string endpointId, DateTime since, DateTime until, IReadOnlyCollection<DeliveryStatus> statuses, int limit, DateTime now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var write = await writeGate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await Recoverable(db, endpointId, since, until, statuses, jobId).OrderBy(d => d.CreatedAt).Select(d => d.Id).Take(limit).ToListAsync(ct);
        if (ids.Count == 0)
            return 0;
        await db.Deliveries.Where(d => ids.Contains(d.Id) && (d.LeasedUntil == null || d.LeasedUntil < now)).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.Status, DeliveryStatus.Pending)
            .SetProperty(d => d.NextAttemptAt, now)
            .SetProperty(d => d.NextTrigger, AttemptTrigger.Scheduled)
            .SetProperty(d => d.UnsettledClaims, 0)
            .SetProperty(d => d.LeasedUntil, (DateTime?)null)
            .SetProperty(d => d.LeasedBy, (string?)null), ct);
        db.ConsoleJobDeliveries.AddRange(ids.Select(id => new ConsoleJobDelivery { JobId = jobId, DeliveryId = id, HandledAt = now }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return ids.Count;
    }
}
