using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// Gives back leases whose owner is gone, so a restarted console resumes what its dead predecessor
/// had claimed at once instead of when <see cref="DeliveryOptions.LeaseDuration"/> runs out. The
/// deliveries are due again as they were (their claim stays counted, so one that kills its process
/// every time still ends Failed after its tries); a test that was waiting for its answer is made
/// due now, so the dispatcher ends it as interrupted without sending it. A manual attempt's lease
/// on a finished delivery (Retry now of a Failed one) is released too; the delivery stays as it was.
/// </summary>
public sealed class OrphanedLeases(IDbContextFactory<WebhooksDbContext> dbFactory, WriteGate writeGate, TimeProvider time)
{
    /// <summary>Releases every lease not owned by one of <paramref name="liveOwners"/>; returns how many.</summary>
    public async Task<int> ReleaseAsync(IReadOnlyCollection<string> liveOwners, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var write = await writeGate.EnterAsync(ct);
        return await db.Deliveries
            .Where(d => d.LeasedBy != null && !liveOwners.Contains(d.LeasedBy))
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.LeasedBy, (string?)null)
                .SetProperty(d => d.LeasedUntil, (DateTime?)null)
                .SetProperty(d => d.NextAttemptAt, d => d.Status == DeliveryStatus.Pending && d.NextTrigger == AttemptTrigger.Test ? now : d.NextAttemptAt), ct);
    }
}
