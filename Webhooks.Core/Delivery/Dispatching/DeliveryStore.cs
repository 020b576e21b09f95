using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Persistence;
using DeliveryEntity = Webhooks.Core.Delivery.Delivery;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// Every statement that claims, releases or settles deliveries. The only SQL written per database
/// is the claim and its set of ids (<see cref="ClaimStatements"/>: <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL); the
/// <see cref="WriteGate"/> orders writers only where the database has one writer. No statement
/// holds a lock while HTTP runs: a claim is one short conditional UPDATE, a settle one short transaction.
/// </summary>
public sealed class DeliveryStore(IDbContextFactory<WebhooksDbContext> dbFactory, WriteGate writeGate, EndpointChanges endpointChanges, IOptions<DeliveryOptions> options)
    : IAsyncDisposable, IDisposable
{
    // The round's statements (due, next due, claim, load) and the settles run over and over: each
    // kept prepared on a connection of its own (a claim and a settle may wait on the write gate together).
    private readonly HeldConnection _round = new(dbFactory);
    private readonly HeldConnection _settles = new(dbFactory);

    /// <summary>
    /// Up to <paramref name="limit"/> due deliveries, oldest due first: Pending, <c>NextAttemptAt</c>
    /// passed, no live lease, endpoint not in <paramref name="excludedEndpoints"/>. A plain read:
    /// the dispatcher picks from these what its per-endpoint limits let start, and leases only those
    /// with <see cref="ClaimAsync"/>, so a backlog on a busy endpoint costs no writes.
    /// </summary>
    public Task<IReadOnlyList<DueDelivery>> DueAsync(DateTime now, int limit, IReadOnlyCollection<string> excludedEndpoints, CancellationToken ct) =>
        _round.RunAsync<IReadOnlyList<DueDelivery>>(async held =>
        {
            var command = DueCommand(held, ClaimStatements.Due, now, excludedEndpoints);
            HeldConnection.Set(command, "@limit", limit);
            var rows = new List<DueDelivery>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                rows.Add(new DueDelivery(reader.GetString(0), reader.GetString(1)));
            return rows;
        }, ct);

    /// <summary>
    /// Leases the deliveries <paramref name="ids"/> to <paramref name="owner"/> if they are still
    /// Pending with no live lease, and returns the ids of those it leased. An expired lease (its owner
    /// died mid-send) is claimed again, so a delivery is sent at least once and possibly twice, never
    /// lost: receivers de-duplicate on the event id. One conditional UPDATE is atomic, so two
    /// dispatchers never claim the same row; a row taken in between is simply not returned, and on
    /// PostgreSQL neither is a row another console is claiming at that moment (no waiting on it;
    /// <see cref="ClaimStatements"/>). Each claim counts in <see cref="Delivery.UnsettledClaims"/>
    /// until a result resets it; the load reads that count with the rest of the row.
    /// </summary>
    public async Task<IReadOnlyList<string>> ClaimAsync(string owner, DateTime now, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return [];
        return await _round.RunAsync<IReadOnlyList<string>>(async held =>
        {
            var command = held.Command(ClaimStatements.Claim(held.Database));
            var idsValue = ClaimStatements.IdsValue(held.Database, ids);
            var until = now + options.Value.LeaseDuration;
            HeldConnection.Set(command, "@ids", idsValue);
            HeldConnection.Set(command, "@until", until);
            HeldConnection.Set(command, "@owner", owner);
            HeldConnection.Set(command, "@pending", (int)DeliveryStatus.Pending);
            HeldConnection.Set(command, "@now", now);
            using var write = await writeGate.EnterAsync(ct);
            if (held.Database.IsNpgsql())
                return await ReadIdsAsync(command, ct);
            if (await command.ExecuteNonQueryAsync(ct) == ids.Count)
                return ids as IReadOnlyList<string> ?? ids.ToList();
            // Fewer leased than given (a row settled, deleted or leased elsewhere since the due read):
            // which ones, read under the same write gate, before any other write can move them on.
            var leased = held.Command(ClaimStatements.Leased(held.Database));
            HeldConnection.Set(leased, "@ids", idsValue);
            HeldConnection.Set(leased, "@owner", owner);
            HeldConnection.Set(leased, "@until", until);
            return await ReadIdsAsync(leased, ct);
        }, ct);
    }

    private static async Task<IReadOnlyList<string>> ReadIdsAsync(DbCommand command, CancellationToken ct)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>
    /// Extends the leases of <paramref name="ids"/> that <paramref name="owner"/> still holds (its lease
    /// ran out while it sent or waited), so no other dispatcher takes them meanwhile. A row whose
    /// attempt was recorded or whose lease was given back since is no longer leased, and stays so.
    /// </summary>
    public async Task RenewAsync(string owner, DateTime now, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var until = now + options.Value.LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var write = await writeGate.EnterAsync(ct);
        await db.Deliveries.Where(d => ids.Contains(d.Id) && d.LeasedBy == owner && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeasedUntil, until), ct);
    }

    /// <summary>The due read <paramref name="sql"/> makes, with <c>@now</c> and, when there are any, the endpoints left out set.</summary>
    private static DbCommand DueCommand(HeldConnection held, Func<DatabaseFacade, bool, string> sql, DateTime now, IReadOnlyCollection<string> excludedEndpoints)
    {
        var command = held.Command(sql(held.Database, excludedEndpoints.Count > 0));
        HeldConnection.Set(command, "@now", now);
        if (excludedEndpoints.Count > 0)
            HeldConnection.Set(command, "@excluded", ClaimStatements.IdsValue(held.Database, excludedEndpoints));
        return command;
    }

    /// <summary>Loads what a send needs (delivery, event, endpoint) for a batch of claimed ids, in one query; see <see cref="DeliveryLoader"/>.</summary>
    /// <param name="unchanged">A current copy of an endpoint, or null to read it (<see cref="CurrentEndpoints.Unchanged"/>).</param>
    /// <param name="endpointsKnown">True when <paramref name="unchanged"/> has a copy of every endpoint of these deliveries: no endpoint column is read.</param>
    public async Task<DeliveryLoad> LoadAsync(IReadOnlyCollection<string> ids, CancellationToken ct, Func<string, Endpoint?>? unchanged = null, bool endpointsKnown = false)
    {
        if (ids.Count == 0)
            return new DeliveryLoad([], new Dictionary<string, string>());
        var withEndpoints = !(endpointsKnown && unchanged is not null);
        return await _round.RunAsync(held =>
        {
            var command = held.Command(DeliveryLoader.Sql(ClaimStatements.Ids(held.Database), withEndpoints));
            HeldConnection.Set(command, "@ids", ClaimStatements.IdsValue(held.Database, ids));
            return DeliveryLoader.ReadAsync(command, unchanged ?? (_ => null), withEndpoints, ct);
        }, ct);
    }

    /// <summary>Earliest time a delivery outside <paramref name="excludedEndpoints"/> becomes due; null when none is waiting.</summary>
    // A plain statement, as the due read: once per quiet round, and as a LINQ query it cost more
    // CPU than the read itself (bench profile at 1,000 events/s).
    public Task<DateTime?> NextDueAsync(DateTime now, IReadOnlyCollection<string> excludedEndpoints, CancellationToken ct) =>
        _round.RunAsync<DateTime?>(async held =>
        {
            await using var reader = await DueCommand(held, ClaimStatements.NextDue, now, excludedEndpoints).ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) && !reader.IsDBNull(0) ? reader.GetDateTime(0) : null;
        }, ct);

    /// <summary>
    /// Gives leases back without an attempt, on purpose (rate-limited, stopping, leased ahead too long,
    /// a claim round that could not start them); optionally moves the due time. Not a failure of the
    /// delivery, so its count of claims without a result starts again.
    /// </summary>
    public async Task ReleaseAsync(string owner, IReadOnlyCollection<string> ids, DateTime? nextAttemptAt, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var write = await writeGate.EnterAsync(ct);
        var query = db.Deliveries.Where(d => ids.Contains(d.Id) && d.LeasedBy == owner);
        if (nextAttemptAt is { } next)
            await query.ExecuteUpdateAsync(u => u.SetProperty(d => d.LeasedUntil, (DateTime?)null).SetProperty(d => d.LeasedBy, (string?)null)
                .SetProperty(d => d.UnsettledClaims, 0).SetProperty(d => d.NextAttemptAt, next), ct);
        else
            await query.ExecuteUpdateAsync(u => u.SetProperty(d => d.LeasedUntil, (DateTime?)null).SetProperty(d => d.LeasedBy, (string?)null)
                .SetProperty(d => d.UnsettledClaims, 0), ct);
    }

    /// <summary>
    /// Ends a leased delivery without an attempt: Skipped (its endpoint is disabled; kept for recovery),
    /// Cancelled (its endpoint is gone) or Failed (a test whose answer was never recorded).
    /// <paramref name="reason"/>, when given, becomes its last error. A row already deleted is left alone.
    /// </summary>
    public Task CloseAsync(string owner, string id, DeliveryStatus status, string? reason, CancellationToken ct) =>
        EndAsync(owner, id, status, d => reason ?? d.LastError, ct);

    /// <summary>
    /// Processing failed without a result (the error is not the receiver's: a write or read of ours
    /// failed): records <paramref name="error"/> and hands the lease back with a later due time. The
    /// claim stays counted, so this cannot repeat forever.
    /// </summary>
    public async Task DeferAsync(string owner, string id, DateTime nextAttemptAt, string error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var write = await writeGate.EnterAsync(ct);
        await db.Deliveries.Where(d => d.Id == id && d.LeasedBy == owner).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.NextAttemptAt, nextAttemptAt)
            .SetProperty(d => d.LeasedUntil, (DateTime?)null)
            .SetProperty(d => d.LeasedBy, (string?)null)
            .SetProperty(d => d.LastError, error), ct);
    }

    /// <summary>Ends a delivery claimed <see cref="DeliveryOptions.MaxTries"/> times without a result as Failed, with <paramref name="reason"/> before its last error.</summary>
    public Task GiveUpAsync(string owner, string id, string reason, CancellationToken ct) =>
        EndAsync(owner, id, DeliveryStatus.Failed, d => reason + (d.LastError ?? "none recorded"), ct);

    private async Task EndAsync(string owner, string id, DeliveryStatus status, Expression<Func<DeliveryEntity, string?>> lastError, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        using var write = await writeGate.EnterAsync(ct);
        await db.Deliveries.Where(d => d.Id == id && d.LeasedBy == owner).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.NextAttemptAt, (DateTime?)null)
            .SetProperty(d => d.LeasedUntil, (DateTime?)null)
            .SetProperty(d => d.LeasedBy, (string?)null)
            .SetProperty(d => d.UnsettledClaims, 0)
            .SetProperty(d => d.LastError, lastError), ct);
    }

    /// <summary>Settles one attempt in a transaction of its own; see <see cref="SettleBatchAsync"/>.</summary>
    public async Task<SettleResult> SettleAsync(string owner, DeliveryAttempt attempt, Settlement settlement, string endpointId, CancellationToken ct) =>
        (await SettleBatchAsync([new SettleRequest(owner, attempt, settlement, endpointId)], ct))[0];

    /// <summary>
    /// Records each attempt and moves its delivery and endpoint on, all in one transaction: one
    /// commit per batch instead of per attempt is what lets SQLite's single writer keep up with
    /// many concurrent sends. A delivery row changes only while its owner still holds the lease;
    /// the attempt is recorded either way, since it was sent, unless the delivery is gone (deleted
    /// with its endpoint) or its number is already recorded (another dispatcher sent it under the
    /// same number after our lease ran out). Results come in request order, with the reason when a
    /// settle disabled the endpoint; endpoints disabled here are announced once committed.
    /// </summary>
    public Task<IReadOnlyList<SettleResult>> SettleBatchAsync(IReadOnlyList<SettleRequest> requests, CancellationToken ct) =>
        _settles.RunAsync(held => SettleOnAsync(held, requests, ct), ct);

    private async Task<IReadOnlyList<SettleResult>> SettleOnAsync(HeldConnection held, IReadOnlyList<SettleRequest> requests, CancellationToken ct)
    {
        var db = held.Context;
        using var write = await writeGate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var statements = new StatementBatch(held, tx.GetDbTransaction());
        var returning = statements.NeedsReturning ? SettleStatements.ReturningId : "";
        var (settleDelivery, insertAttempt) = (SettleStatements.SettleDelivery + returning, SettleStatements.InsertAttempt + returning);
        foreach (var (owner, attempt, settlement, _) in requests)
        {
            statements.Add(settleDelivery, attempt.DeliveryId, owner, (int)settlement.Status, settlement.NextAttemptAt,
                (int)AttemptTrigger.Scheduled, attempt.StartedAt, attempt.ResponseStatus, attempt.DurationMs, attempt.Succeeded ? null : attempt.Error,
                attempt.Trigger == AttemptTrigger.Manual ? 1 : 0);
            statements.Add(insertAttempt, attempt.DeliveryId, attempt.Number, (int)attempt.Trigger, attempt.StartedAt, attempt.DurationMs,
                attempt.RequestUrl, attempt.RequestHeadersUtf8 is { } headers ? new Utf8Text(headers) : attempt.RequestHeaders, attempt.RequestBody, attempt.ResponseStatus, attempt.ResponseHeaders, attempt.ResponseBody,
                attempt.ResponseBodyTruncated, attempt.Succeeded, (int)attempt.ErrorKind, attempt.Error);
        }
        // Deliveries and attempts in one go (one round trip on PostgreSQL); each delivery row is only
        // ever settled by its lease's owner, so no other console waits on these.
        var outcomes = await statements.RunAsync(ct);

        // Then the endpoints, one after another in id order, each endpoint's requests in their own
        // order: every batch locks endpoint rows in the same order, so two consoles settling for the
        // same endpoints on PostgreSQL queue behind each other instead of deadlocking. Successes in a
        // row for one endpoint differ only in LastSuccessAt: written once, before its next failure or
        // after its last request, gathered into one round trip until a failure must be recorded.
        var results = new SettleResult[requests.Count];
        var order = Enumerable.Range(0, requests.Count).OrderBy(i => requests[i].EndpointId, StringComparer.Ordinal).ToList();
        DateTime? succeededAt = null;
        for (var n = 0; n < order.Count; n++)
        {
            var i = order[n];
            var (_, attempt, settlement, endpointId) = requests[i];
            var finishedAt = attempt.StartedAt.AddMilliseconds(attempt.DurationMs);
            var lastError = attempt.Succeeded ? null : attempt.Error;
            var owned = outcomes[2 * i].Changes > 0;
            attempt.Id = outcomes[2 * i + 1] is { Changes: > 0, Value: { } id } ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) : 0;

            string? disabled = null;
            if (settlement.EndpointEffect == EndpointEffect.Success)
                succeededAt = succeededAt > finishedAt ? succeededAt : finishedAt;
            if (settlement.EndpointEffect == EndpointEffect.Failure || n == order.Count - 1 || requests[order[n + 1]].EndpointId != endpointId)
            {
                if (succeededAt is { } at)
                    statements.Add(SettleStatements.EndpointSucceeded, endpointId, at);
                succeededAt = null;
            }
            if (settlement.EndpointEffect == EndpointEffect.Failure)
            {
                await statements.ExecuteAsync(ct);
                disabled = await RecordFailureAsync(db, endpointId, settlement, finishedAt, lastError, ct);
            }
            results[i] = new SettleResult(owned, attempt.Id != 0, disabled);
        }
        await statements.ExecuteAsync(ct);
        await tx.CommitAsync(ct);
        for (var i = 0; i < results.Length; i++)
            if (results[i].EndpointDisabledReason is not null)
                endpointChanges.Changed(requests[i].EndpointId);
        return results;
    }

    /// <summary>A failed attempt's effect on its endpoint, inside the settle's transaction; returns the reason when it disabled the endpoint.</summary>
    private async Task<string?> RecordFailureAsync(WebhooksDbContext db, string endpointId, Settlement settlement, DateTime finishedAt, string? lastError, CancellationToken ct)
    {
        var endpoints = db.Endpoints.Where(e => e.Id == endpointId);
        if (settlement.CountsAsFailedDelivery)
            await endpoints.ExecuteUpdateAsync(u => u.SetProperty(e => e.ConsecutiveFailures, e => e.ConsecutiveFailures + 1).SetProperty(e => e.LastFailureAt, finishedAt).SetProperty(e => e.LastError, lastError), ct);
        else
            await endpoints.ExecuteUpdateAsync(u => u.SetProperty(e => e.LastFailureAt, finishedAt).SetProperty(e => e.LastError, lastError), ct);

        if (settlement.DisableNow is null && !settlement.CountsAsFailedDelivery)
            return null;
        var threshold = options.Value.DisableAfterConsecutiveFailures;
        var reason = settlement.DisableNow ?? $"Disabled automatically after {threshold} failed deliveries in a row. Last error: {lastError}";
        var disabling = settlement.DisableNow is not null
            ? endpoints.Where(e => e.IsEnabled)
            : endpoints.Where(e => e.IsEnabled && e.ConsecutiveFailures >= threshold);
        // Disabling is an edit and does change the concurrency token.
        var version = Guid.NewGuid();
        var count = await disabling.ExecuteUpdateAsync(u => u
            .SetProperty(e => e.IsEnabled, false)
            .SetProperty(e => e.DisabledAutomatically, true)
            .SetProperty(e => e.DisabledReason, reason)
            .SetProperty(e => e.UpdatedAt, finishedAt)
            .SetProperty(e => e.Version, version), ct);
        return count > 0 ? reason : null;
    }

    public void Dispose()
    {
        _round.Dispose();
        _settles.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
