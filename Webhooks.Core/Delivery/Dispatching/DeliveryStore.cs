using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// Every statement that claims, releases or settles deliveries. The only provider-specific SQL of
/// the dispatcher is <see cref="ClaimAsync"/>; a PostgreSQL variant (<c>FOR UPDATE SKIP LOCKED</c>)
/// replaces this one class. No statement holds a lock while HTTP runs: a claim is one short
/// conditional UPDATE, a settle one short transaction.
/// </summary>
public sealed class DeliveryStore(IDbContextFactory<WebhooksDbContext> dbFactory, IOptions<DeliveryOptions> options)
{
    /// <summary>
    /// Leases up to <paramref name="limit"/> due deliveries to <paramref name="owner"/>: Pending,
    /// <c>NextAttemptAt</c> passed, and no live lease. An expired lease (its owner died mid-send) is
    /// claimed again, so a delivery is sent at least once and possibly twice, never lost: receivers
    /// de-duplicate on the event id. One UPDATE ... RETURNING is atomic, so two dispatchers never
    /// claim the same row.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string owner, DateTime now, int limit, IReadOnlyCollection<string> excludedEndpoints, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        var exclusion = "";
        var i = 0;
        foreach (var endpointId in excludedEndpoints)
        {
            exclusion += (i == 0 ? " AND \"EndpointId\" NOT IN (" : ", ") + "$x" + i;
            Add(command, "$x" + i++, endpointId);
        }
        if (i > 0)
            exclusion += ")";
        command.CommandText = $"""
            UPDATE "Deliveries" SET "LeasedUntil" = $until, "LeasedBy" = $owner
            WHERE "Id" IN (
                SELECT "Id" FROM "Deliveries"
                WHERE "Status" = $pending AND "NextAttemptAt" <= $now AND ("LeasedUntil" IS NULL OR "LeasedUntil" < $now){exclusion}
                ORDER BY "NextAttemptAt"
                LIMIT $limit)
              AND "Status" = $pending AND ("LeasedUntil" IS NULL OR "LeasedUntil" < $now)
            RETURNING "Id", "EndpointId"
            """;
        Add(command, "$until", now + options.Value.LeaseDuration);
        Add(command, "$owner", owner);
        Add(command, "$pending", (int)DeliveryStatus.Pending);
        Add(command, "$now", now);
        Add(command, "$limit", limit);

        var claimed = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            claimed.Add(new ClaimedDelivery(reader.GetString(0), reader.GetString(1)));
        return claimed;
    }

    /// <summary>Loads what a send needs (delivery, event, endpoint) for a batch of claimed ids, in one query.</summary>
    public async Task<List<DeliveryEntity>> LoadAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Deliveries.AsNoTracking()
            .Include(d => d.Event)
            .Include(d => d.Endpoint)
            .Where(d => ids.Contains(d.Id))
            .ToListAsync(ct);
    }

    /// <summary>Earliest time a delivery outside <paramref name="excludedEndpoints"/> becomes due; null when none is waiting.</summary>
    public async Task<DateTime?> NextDueAsync(DateTime now, IReadOnlyCollection<string> excludedEndpoints, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt != null && (d.LeasedUntil == null || d.LeasedUntil < now));
        if (excludedEndpoints.Count > 0)
            query = query.Where(d => !excludedEndpoints.Contains(d.EndpointId));
        return await query.MinAsync(d => d.NextAttemptAt, ct);
    }

    /// <summary>Gives leases back without an attempt (endpoint busy or rate-limited); optionally moves the due time.</summary>
    public async Task ReleaseAsync(string owner, IReadOnlyCollection<string> ids, DateTime? nextAttemptAt, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Deliveries.Where(d => ids.Contains(d.Id) && d.LeasedBy == owner);
        if (nextAttemptAt is { } next)
            await query.ExecuteUpdateAsync(u => u.SetProperty(d => d.LeasedUntil, (DateTime?)null).SetProperty(d => d.LeasedBy, (string?)null).SetProperty(d => d.NextAttemptAt, next), ct);
        else
            await query.ExecuteUpdateAsync(u => u.SetProperty(d => d.LeasedUntil, (DateTime?)null).SetProperty(d => d.LeasedBy, (string?)null), ct);
    }

    /// <summary>The endpoint was disabled after the delivery was queued: keep it as Skipped, for recovery later.</summary>
    public async Task SkipAsync(string owner, string id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Deliveries.Where(d => d.Id == id && d.LeasedBy == owner).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.Status, DeliveryStatus.Skipped)
            .SetProperty(d => d.NextAttemptAt, (DateTime?)null)
            .SetProperty(d => d.LeasedUntil, (DateTime?)null)
            .SetProperty(d => d.LeasedBy, (string?)null), ct);
    }

    /// <summary>
    /// Records the attempt and moves the delivery and its endpoint on, in one transaction. Returns
    /// the reason when this settle disabled the endpoint. The delivery row changes only while
    /// <paramref name="owner"/> still holds the lease; the attempt is recorded either way, since it was sent.
    /// </summary>
    public async Task<SettleResult> SettleAsync(string owner, DeliveryAttempt attempt, Settlement settlement, string endpointId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var finishedAt = attempt.StartedAt.AddMilliseconds(attempt.DurationMs);
        var lastError = attempt.Succeeded ? null : attempt.Error;
        var owned = await db.Deliveries.Where(d => d.Id == attempt.DeliveryId && d.LeasedBy == owner).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.Status, settlement.Status)
            .SetProperty(d => d.NextAttemptAt, settlement.NextAttemptAt)
            .SetProperty(d => d.NextTrigger, AttemptTrigger.Scheduled)
            .SetProperty(d => d.AttemptCount, d => d.AttemptCount + 1)
            .SetProperty(d => d.LeasedUntil, (DateTime?)null)
            .SetProperty(d => d.LeasedBy, (string?)null)
            .SetProperty(d => d.LastAttemptAt, attempt.StartedAt)
            .SetProperty(d => d.LastStatusCode, attempt.ResponseStatus)
            .SetProperty(d => d.LastDurationMs, attempt.DurationMs)
            .SetProperty(d => d.LastError, lastError), ct);
        db.DeliveryAttempts.Add(attempt);
        await db.SaveChangesAsync(ct);

        string? disabled = null;
        var endpoints = db.Endpoints.Where(e => e.Id == endpointId);
        // Health columns are not edits: they leave the concurrency token alone, so an admin's open
        // form is not invalidated by traffic. Disabling is an edit and does change it.
        if (settlement.EndpointEffect == EndpointEffect.Success)
        {
            await endpoints.ExecuteUpdateAsync(u => u.SetProperty(e => e.ConsecutiveFailures, 0).SetProperty(e => e.LastSuccessAt, finishedAt), ct);
        }
        else if (settlement.EndpointEffect == EndpointEffect.Failure)
        {
            if (settlement.CountsAsFailedDelivery)
                await endpoints.ExecuteUpdateAsync(u => u.SetProperty(e => e.ConsecutiveFailures, e => e.ConsecutiveFailures + 1).SetProperty(e => e.LastFailureAt, finishedAt).SetProperty(e => e.LastError, lastError), ct);
            else
                await endpoints.ExecuteUpdateAsync(u => u.SetProperty(e => e.LastFailureAt, finishedAt).SetProperty(e => e.LastError, lastError), ct);

            var threshold = options.Value.DisableAfterConsecutiveFailures;
            var reason = settlement.DisableNow ?? $"Disabled automatically after {threshold} failed deliveries in a row. Last error: {lastError}";
            var disabling = settlement.DisableNow is not null
                ? endpoints.Where(e => e.IsEnabled)
                : endpoints.Where(e => e.IsEnabled && e.ConsecutiveFailures >= threshold);
            if (settlement.DisableNow is not null || settlement.CountsAsFailedDelivery)
            {
                var version = Guid.NewGuid();
                var count = await disabling.ExecuteUpdateAsync(u => u
                    .SetProperty(e => e.IsEnabled, false)
                    .SetProperty(e => e.DisabledAutomatically, true)
                    .SetProperty(e => e.DisabledReason, reason)
                    .SetProperty(e => e.UpdatedAt, finishedAt)
                    .SetProperty(e => e.Version, version), ct);
                if (count > 0)
                    disabled = reason;
            }
        }
        await tx.CommitAsync(ct);
        return new SettleResult(owned > 0, disabled);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
