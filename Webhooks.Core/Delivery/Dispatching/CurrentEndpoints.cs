using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Webhooks.Core.Endpoints;
using Webhooks.Core.Persistence;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The endpoint as it is now, right before a send. Deliveries carry the endpoint as loaded at claim
/// time and may wait up to <see cref="DeliveryOptions.MaxWaitAhead"/> before they go; checking the
/// database before each of thousands of sends a second would cost more than the sends. So the copy
/// is used while <see cref="EndpointChanges"/> says the endpoint has not changed since it was read;
/// after a change (edit, disable, secret rotation, delete, automatic disable) it is read again, once
/// per change, and shared by the deliveries that wait for that endpoint.
/// <para>
/// This decides for one process. <see cref="EndpointChanges"/> hears only changes saved through
/// this process; with a second instance on the same database (PostgreSQL), an edit saved through
/// instance A would not reach B, and B would go on sending with its copy until its deliveries ran
/// out. What B needs: every endpoint change published across instances (a <c>NOTIFY endpoint_changed,
/// '&lt;id&gt;'</c> in the transaction that saves it, and a <c>LISTEN</c> per instance that calls
/// <see cref="EndpointChanges.Changed"/>: the notification arrives once the change commits), and,
/// because a listener can lose its connection and miss notifications, a re-read of every cached
/// endpoint's <c>Version</c> after each reconnect before sending again. Strict "never after the
/// save" across instances would otherwise take a version read per send (<c>SELECT "Version" ...
/// WHERE "Id" = $id</c>), the cost this class exists to avoid.
/// </para>
/// </summary>
public sealed class CurrentEndpoints(EndpointChanges changes, IDbContextFactory<WebhooksDbContext> dbFactory)
{
    // The latest copy read per endpoint (by a load or a re-read), with the stamp taken before it; null when deleted.
    private readonly ConcurrentDictionary<string, (long Stamp, Endpoint? Endpoint)> _latest = new(StringComparer.Ordinal);

    /// <summary>The stamp to take before loading deliveries with their endpoints.</summary>
    public long Stamp => changes.Stamp;

    /// <summary>
    /// The copy of the endpoint read last, if nothing changed it since; null otherwise. A load takes
    /// it instead of reading the endpoint's columns again: with 64 endpoints nearly every loaded
    /// delivery had its endpoint read and decoded anew.
    /// </summary>
    public Endpoint? Unchanged(string endpointId) =>
        _latest.TryGetValue(endpointId, out var latest) && !changes.ChangedSince(endpointId, latest.Stamp) ? latest.Endpoint : null;

    /// <summary>A current copy of each of <paramref name="endpointIds"/>, or null if any has none (<see cref="Unchanged"/>).</summary>
    public IReadOnlyDictionary<string, Endpoint>? AllUnchanged(IEnumerable<string> endpointIds)
    {
        var copies = new Dictionary<string, Endpoint>(StringComparer.Ordinal);
        foreach (var endpointId in endpointIds)
        {
            if (copies.ContainsKey(endpointId))
                continue;
            if (Unchanged(endpointId) is not { } copy)
                return null;
            copies[endpointId] = copy;
        }
        return copies;
    }

    /// <summary>Keeps the endpoints of a load, read (or found <see cref="Unchanged"/>) after <paramref name="stamp"/> was taken.</summary>
    public void Loaded(long stamp, IEnumerable<Endpoint> loaded)
    {
        foreach (var endpoint in loaded)
            Keep(endpoint.Id, stamp, endpoint);
    }

    /// <summary>The endpoint of <paramref name="work"/> as it is now; null when it was deleted.</summary>
    public ValueTask<Endpoint?> NowAsync(LoadedDelivery work, CancellationToken ct)
    {
        var endpointId = work.EndpointId;
        if (!changes.ChangedSince(endpointId, work.EndpointStamp))
            return ValueTask.FromResult(work.Delivery.Endpoint);
        if (_latest.TryGetValue(endpointId, out var latest) && !changes.ChangedSince(endpointId, latest.Stamp))
            return ValueTask.FromResult(latest.Endpoint);
        return ReadAsync(endpointId, ct);
    }

    private async ValueTask<Endpoint?> ReadAsync(string endpointId, CancellationToken ct)
    {
        // Taken before the read: a change committed after it makes this read stale, and is seen as such.
        var stamp = changes.Stamp;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await db.Endpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == endpointId, ct);
        Keep(endpointId, stamp, endpoint);
        return endpoint;
    }

    private void Keep(string endpointId, long stamp, Endpoint? endpoint) =>
        _latest.AddOrUpdate(endpointId, (stamp, endpoint), (_, old) => old.Stamp > stamp ? old : (stamp, endpoint));
}
