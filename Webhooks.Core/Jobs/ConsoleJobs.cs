using System.Globalization;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Common;
using Webhooks.Core.Delivery;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Jobs;

/// <summary>
/// The console's jobs that send deliveries, for the pages and the HTTP API: enqueue Retry now,
/// Retry selected and Recover as Hangfire jobs, read them back (state from Hangfire, progress from
/// our <c>ConsoleJobs</c> rows), cancel them. Each enqueue writes our row first, then creates the
/// Hangfire job with our row's id as its argument, so the job always finds its row.
/// </summary>
public sealed class ConsoleJobs(
    IDbContextFactory<WebhooksDbContext> dbFactory,
    IBackgroundJobClient client,
    ConsoleJobStore store,
    ConsoleJobStates states,
    DeliveryNotifier notifier,
    TimeProvider time)
{
    /// <summary>
    /// Enqueues one Hangfire job that makes one manual attempt of this delivery at once. Null when
    /// there is no such delivery. What the attempt does to the delivery is <see cref="ManualAttempt.SendAsync"/>'s:
    /// a delivery waiting for a scheduled retry keeps that schedule (same time, same tries left) if
    /// the attempt fails, and is Succeeded (schedule dropped) if it succeeds; a Failed or Succeeded
    /// delivery ends Failed or Succeeded, with nothing scheduled.
    /// </summary>
    public async Task<ConsoleJob?> RetryNowAsync(string deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.Deliveries.Where(d => d.Id == deliveryId)
            .Select(d => new { d.Id, d.EndpointId, EndpointName = d.Endpoint!.Name }).FirstOrDefaultAsync(ct);
        if (target is null)
            return null;
        var record = NewRecord(ConsoleJobKind.RetryNow, $"Retry delivery {target.Id} to {target.EndpointName}", 1);
        record.DeliveryId = target.Id;
        record.EndpointId = target.EndpointId;
        return await EnqueueAsync(db, record, [target.Id],
            () => client.Enqueue<RetryNowJob>(j => j.RunAsync(record.Id, target.Id, target.EndpointName, CancellationToken.None)), ct);
    }

    /// <summary>One job that makes one manual attempt of each of these deliveries (those that exist); null when none exists. See <see cref="RetrySelectedJob"/>.</summary>
    public async Task<ConsoleJob?> RetrySelectedAsync(IReadOnlyCollection<string> deliveryIds, CancellationToken ct = default)
    {
        var wanted = deliveryIds.Distinct(StringComparer.Ordinal).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = new List<string>(wanted.Count);
        foreach (var chunk in wanted.Chunk(500))
            ids.AddRange(await db.Deliveries.Where(d => chunk.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct));
        if (ids.Count == 0)
            return null;
        var record = NewRecord(ConsoleJobKind.RetrySelected, ids.Count == 1 ? "Retry 1 selected delivery" : $"Retry {ids.Count} selected deliveries", ids.Count);
        return await EnqueueAsync(db, record, ids,
            () => client.Enqueue<RetrySelectedJob>(j => j.RunAsync(record.Id, ids.Count, CancellationToken.None)), ct);
    }

    /// <summary>
    /// How many deliveries a Recover would re-queue now, to show before asking (the job's own total
    /// is counted when it starts).
    /// </summary>
    public async Task<int> CountRecoverableAsync(string endpointId, DateTime since, IReadOnlyCollection<DeliveryStatus> statuses, CancellationToken ct = default) =>
        await store.CountRecoverableAsync(endpointId, since, time.GetUtcNow().UtcDateTime, statuses, null, ct);

    /// <summary>
    /// Enqueues a Recover (<see cref="RecoverJob"/>): long-running, rate-bounded by
    /// <see cref="DeliveryOptions.RecoverPerSecond"/>, cancellable, resumable after a crash.
    /// </summary>
    /// <exception cref="NotFoundException">No such endpoint.</exception>
    /// <exception cref="ValidationFailedException">No status to recover, or a Recover of this endpoint is already queued or running.</exception>
    public async Task<ConsoleJob> RecoverAsync(string endpointId, DateTime since, IReadOnlyCollection<DeliveryStatus> statuses, CancellationToken ct = default)
    {
        var wanted = statuses.Where(s => s is DeliveryStatus.Failed or DeliveryStatus.Skipped).Distinct().Order().ToList();
        if (wanted.Count == 0)
            throw ValidationFailedException.For("statuses", "Recover re-queues failed and/or skipped deliveries: choose at least one.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpointName = await db.Endpoints.Where(e => e.Id == endpointId).Select(e => e.Name).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Endpoint", endpointId);
        if (await LatestRecoverAsync(endpointId, ct) is { State: ConsoleJobState.Queued or ConsoleJobState.Running } running)
            throw ValidationFailedException.For("endpoint", $"A Recover of this endpoint is already {(running.State == ConsoleJobState.Queued ? "queued" : "running")} ({running.Name}): wait for it to end or cancel it.");

        since = DateTime.SpecifyKind(since, DateTimeKind.Utc);
        var statusText = string.Join(" and ", wanted.Select(s => s.ToString().ToLowerInvariant()));
        var sinceText = since.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var record = NewRecord(ConsoleJobKind.Recover, $"Recover {statusText} deliveries of {endpointName} since {sinceText}", 0);
        record.EndpointId = endpointId;
        record.Since = since;
        record.Statuses = RecoverJob.FormatStatuses(wanted);
        record.Total = await store.CountRecoverableAsync(endpointId, since, record.CreatedAt, wanted, null, ct);
        return (await EnqueueAsync(db, record, [],
            () => client.Enqueue<RecoverJob>(j => j.RunAsync(record.Id, endpointName, statusText, sinceText, CancellationToken.None)), ct))!;
    }

    /// <summary>The job with this Hangfire id, as it is now; null when it is not one of ours.</summary>
    public async Task<ConsoleJob?> GetAsync(string jobId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.ConsoleJobs.AsNoTracking().FirstOrDefaultAsync(j => j.HangfireJobId == jobId, ct);
        return record is null ? null : await ToJobAsync(record, ct);
    }

    /// <summary>The latest Retry now or Retry selected job that included this delivery (the delivery page).</summary>
    public async Task<ConsoleJob?> LatestForDeliveryAsync(string deliveryId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.ConsoleJobDeliveries.Where(l => l.DeliveryId == deliveryId)
            .Join(db.ConsoleJobs, l => l.JobId, j => j.Id, (l, j) => j)
            .Where(j => j.HangfireJobId != null && j.Kind != ConsoleJobKind.Recover)
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).AsNoTracking().FirstOrDefaultAsync(ct);
        return record is null ? null : await ToJobAsync(record, ct);
    }

    /// <summary>The latest Recover of this endpoint, running or finished (the endpoint's Deliveries tab).</summary>
    public async Task<ConsoleJob?> LatestRecoverAsync(string endpointId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.ConsoleJobs.Where(j => j.EndpointId == endpointId && j.Kind == ConsoleJobKind.Recover && j.HangfireJobId != null)
            .OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id).AsNoTracking().FirstOrDefaultAsync(ct);
        return record is null ? null : await ToJobAsync(record, ct);
    }

    /// <summary>
    /// Cancels a queued or running job: Hangfire deletes it, and a running job's cancellation token
    /// fires within Hangfire's cancellation check (a few seconds). False when it had already ended
    /// or is not one of ours.
    /// </summary>
    public async Task<bool> CancelAsync(string jobId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.ConsoleJobs.AnyAsync(j => j.HangfireJobId == jobId, ct))
            return false;
        var cancelled = client.Delete(jobId, ProcessingState.StateName) || client.Delete(jobId, EnqueuedState.StateName);
        if (cancelled)
            notifier.Notify();
        return cancelled;
    }

    private ConsoleJobRecord NewRecord(ConsoleJobKind kind, string name, int total)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new ConsoleJobRecord { Id = SortableId.New("job", now), Kind = kind, Name = name, Total = total, CreatedAt = now };
    }

    private async Task<ConsoleJob?> EnqueueAsync(WebhooksDbContext db, ConsoleJobRecord record, IReadOnlyCollection<string> deliveryIds, Func<string> enqueue, CancellationToken ct)
    {
        db.ConsoleJobs.Add(record);
        db.ConsoleJobDeliveries.AddRange(deliveryIds.Select(id => new ConsoleJobDelivery { JobId = record.Id, DeliveryId = id }));
        await db.SaveChangesAsync(ct);
        record.HangfireJobId = enqueue();
        // Not cancellable from here: the job exists now, and its row must name it.
        await db.SaveChangesAsync(CancellationToken.None);
        notifier.Notify();
        return await ToJobAsync(record, CancellationToken.None);
    }

    private async Task<ConsoleJob> ToJobAsync(ConsoleJobRecord record, CancellationToken ct)
    {
        var done = (await store.DoneAsync([record.Id], ct)).GetValueOrDefault(record.Id);
        var state = states.Read(record.HangfireJobId!, done >= record.Total);
        return new ConsoleJob(record.HangfireJobId!, record.Kind, record.Name, state.State, record.CreatedAt, state.FinishedAt,
            done, Math.Max(record.Total, done), state.Error, record.DeliveryId, record.EndpointId);
    }
}
