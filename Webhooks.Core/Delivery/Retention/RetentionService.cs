using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Delivery.Retention;

/// <summary>
/// Deletes delivery history older than <see cref="RetentionOptions.Days"/>: finished deliveries with
/// their attempts, then events left without deliveries. Small batches, so the dispatcher's writes
/// interleave; pending deliveries (and so their events) are never deleted. Run on a schedule by
/// <see cref="Jobs.RetentionJob"/>.
/// </summary>
public sealed class RetentionService(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger)
{
    /// <summary>One full clean-up; returns (deliveries, events) deleted.</summary>
    public async Task<(int Deliveries, int Events)> PurgeAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.Days);
        var batch = options.Value.BatchSize;
        int deliveries = 0, events = 0, n;
        do
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var ids = db.Deliveries.Where(d => d.CreatedAt < cutoff && d.Status != DeliveryStatus.Pending).OrderBy(d => d.CreatedAt).Select(d => d.Id).Take(batch);
            // Attempts first, explicitly: no reliance on the database cascading.
            await db.DeliveryAttempts.Where(a => ids.Contains(a.DeliveryId)).ExecuteDeleteAsync(ct);
            n = await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(ct);
            deliveries += n;
        }
        while (n == batch);
        do
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var ids = db.Events.Where(e => e.OccurredAt < cutoff && !db.Deliveries.Any(d => d.EventId == e.Id)).OrderBy(e => e.OccurredAt).Select(e => e.Id).Take(batch);
            n = await db.Events.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct);
            events += n;
        }
        while (n == batch);
        if (deliveries + events > 0)
            logger.LogInformation("Retention: deleted {Deliveries} deliveries and {Events} events older than {Days} days", deliveries, events, options.Value.Days);
        return (deliveries, events);
    }
}
