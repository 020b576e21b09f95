using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The deliveries the <see cref="DeliveryDispatcher"/>'s rounds have claimed and loaded: each runs on
/// its own task holding a <see cref="DeliveryPermit"/> (the endpoint as it is now decides whether it
/// is sent, skipped or cancelled, and <see cref="DeliveryProcessor"/> sends and settles it), or waits
/// ahead (<see cref="LeasedAhead"/>) until its endpoint has a slot. What waits ahead is started from
/// here as slots come free, not only by the rounds: a round is often busy with its claim, behind the
/// single writer, when a send ends.
/// </summary>
public sealed class DeliveryRunner(
    DeliveryStore store,
    DeliveryProcessor processor,
    CurrentEndpoints endpoints,
    EndpointRateGate rateGate,
    ConsoleShare share,
    ClaimEndings endings,
    DispatcherSignal signal,
    DispatcherInstance instance,
    DeliveryNotifier notifier,
    IOptions<DeliveryOptions> options,
    TimeProvider time)
{
    private readonly AheadLimits _alone = AheadLimits.From(options.Value);
    private readonly AheadLimits _shared = AheadLimits.Shared(options.Value);
    private readonly LeasedAhead _ahead = new(options.Value.MaxConcurrencyPerEndpoint, options.Value.MaxWaitAhead);
    // Deliveries started and not yet ended, each with a completion of its own that its task sets as
    // it ends: a continuation per task to forget it was one more thread-pool work item per delivery.
    private readonly ConcurrentDictionary<TaskCompletionSource, byte> _running = new();
    // Every delivery this process holds (running or waiting ahead), until its task lets go of it:
    // none is claimed or started a second time meanwhile, whatever the clock did (see the dispatcher's round).
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    /// <summary>The capacity: request slots, endpoint slots and places among the unfinished sends.</summary>
    public DeliveryPermits Permits { get; } = new(options.Value.MaxConcurrency, options.Value.MaxConcurrencyPerEndpoint, signal.WakeForCapacity, share, options.Value.MaxUnrecorded, signal.WakeForRecord);

    /// <summary>How many may wait ahead now: a console sharing the database with others keeps less.</summary>
    public AheadLimits Limits => share.Consoles > 1 ? _shared : _alone;

    /// <summary>Deliveries held in memory: running, or leased ahead and waiting.</summary>
    public int Held => _held.Count;

    /// <summary>How many wait ahead per endpoint; endpoints with none are absent.</summary>
    public IReadOnlyDictionary<string, int> Waiting() => _ahead.Waiting();

    /// <summary>Whether the delivery is running or waiting ahead here.</summary>
    public bool Holds(string deliveryId) => _held.ContainsKey(deliveryId);

    /// <summary>Holds a loaded delivery: starts it with <paramref name="permit"/>, or keeps it waiting ahead without one.</summary>
    public void Place(LoadedDelivery work, DeliveryPermit? permit, CancellationToken ct)
    {
        _held.TryAdd(work.Id, 0);
        if (permit is null)
            _ahead.Add(work);
        else
            Start(work, permit, ct);
    }

    /// <summary>
    /// Starts deliveries leased ahead whose endpoints have a slot, at most <paramref name="most"/>:
    /// at each round, and for one each time a send ends without one of its own endpoint's to pass
    /// its slot to (<see cref="PassEndpointOn"/>) or gives its place back (<see cref="RunOneAsync"/>).
    /// </summary>
    /// <param name="here">Start them on this thread up to their first wait (see <see cref="Start"/>).</param>
    public void StartWaitingAhead(DateTime now, CancellationToken ct, int most = int.MaxValue, bool here = false)
    {
        var started = 0;
        foreach (var endpointId in _ahead.Endpoints())
        {
            // Every finished send asks: while no send may start (every request slot or every place
            // taken), no endpoint is tried, the first included.
            if (started == most || Permits.FreeSlots == 0)
                return;
            while (started < most && Permits.TryAcquire(endpointId) is { } permit)
            {
                if (TakeAhead(endpointId, now) is not { } next)
                {
                    permit.Dispose();
                    break;
                }
                Start(next, permit, ct, here);
                started++;
            }
        }
    }

    /// <summary>
    /// Once the sends' token is cancelled: waits while the sends in flight hand their leases back,
    /// and lets go of what waited ahead. Returns the ids of those, whose leases are still to hand back.
    /// </summary>
    public async Task<List<string>> StopAsync()
    {
        await Task.WhenAll(_running.Keys.Select(done => done.Task));
        var waiting = _ahead.Drain();
        foreach (var work in waiting)
            _held.TryRemove(work.Id, out _);
        return waiting.Select(w => w.Id).ToList();
    }

    private LoadedDelivery? TakeAhead(string endpointId, DateTime now)
    {
        var stale = new List<LoadedDelivery>();
        var next = _ahead.Take(endpointId, now, stale, out var left, out var leftInAll);
        // Crossing the low water is what lets a round refill the endpoint (ClaimPlan.Excluded). Left
        // to the wake-ups of finished settles, the round came a batch commit late, when the endpoint's
        // sends had emptied its queue, and they stood idle through the refill's claim and load.
        // Falling below the room for all endpoints together does the same for every endpoint a full
        // room left out; records no longer wake the rounds (DeliveryPermits), so this must.
        var taken = stale.Count + (next is null ? 0 : 1);
        if ((next is not null && left == Limits.LowWater - 1) || (leftInAll < Limits.Total && leftInAll + taken >= Limits.Total))
            signal.WakeForCapacity();
        foreach (var work in stale)
            _held.TryRemove(work.Id, out _);
        if (stale.Count > 0)
            _ = endings.HandBackAsync(stale.Select(w => w.Id).ToList());
        return next;
    }

    // Set while a delivery is being started on this thread's stack (see Start).
    [ThreadStatic] private static bool t_startingHere;

    /// <summary>Runs one delivery on its own task; <paramref name="permit"/> is given back when it ends.</summary>
    /// <param name="here">
    /// Start it on this thread, up to its first wait (the request built, signed and written), instead
    /// of queueing it to the thread pool: for a slot handed on when a response came in. Queued, the
    /// next request waited behind everything else two busy cores had queued, and one endpoint's 8
    /// slots held a request 65 % of the time. Never nested: a delivery that ends at once and hands its
    /// slot on again is queued, so a run of those cannot deepen the stack.
    /// </param>
    private void Start(LoadedDelivery work, DeliveryPermit permit, CancellationToken ct, bool here = false)
    {
        // Continuations (StopAsync's wait) run apart, not on the stack of the delivery that ends.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running.TryAdd(done, 0);
        if (here && !t_startingHere)
        {
            t_startingHere = true;
            try
            {
                _ = RunTrackedAsync(work, permit, done, ct);
            }
            finally
            {
                t_startingHere = false;
            }
        }
        else
            _ = Task.Run(() => RunTrackedAsync(work, permit, done, ct), CancellationToken.None);
    }

    private async Task RunTrackedAsync(LoadedDelivery work, DeliveryPermit permit, TaskCompletionSource done, CancellationToken ct)
    {
        try
        {
            await RunOneAsync(work, permit, ct);
        }
        finally
        {
            _running.TryRemove(done, out _);
            done.TrySetResult();
        }
    }

    /// <summary>
    /// After a send's HTTP exchange (or a delivery that ended without one): passes the endpoint's slot
    /// straight to a delivery leased ahead for it if a place is free at once, else gives it back.
    /// </summary>
    private void PassEndpointOn(DeliveryPermit permit, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            permit.ReleaseEndpoint();
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        if (permit.TryPassEndpoint() is not { } next)
            permit.ReleaseEndpoint();
        else if (TakeAhead(next.EndpointId, now) is { } work)
        {
            Start(work, next, ct, here: true);
            return;
        }
        else
            next.Dispose();
        // Nothing waits for this endpoint: the slot goes to another endpoint's delivery waiting ahead.
        // Left to the rounds it stayed free while the round waited on its claim (the single writer),
        // and with 64 endpoints, each with a few waiting, no request was out a tenth of the time.
        // Started here, as a slot passed within the endpoint is: queued, it was a thread-pool item more.
        StartWaitingAhead(now, ct, most: 1, here: true);
    }

    private async Task RunOneAsync(LoadedDelivery work, DeliveryPermit permit, CancellationToken ct)
    {
        try
        {
            await SendOrEndAsync(work, permit, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping mid-send: hand the lease back so the next start sends it without waiting for expiry.
            await endings.TryReleaseAsync([work.Id]);
        }
        catch (Exception ex)
        {
            await endings.TryDeferAsync(work, ex);
        }
        finally
        {
            _held.TryRemove(work.Id, out _);
            if (permit.HoldsEndpoint)
                PassEndpointOn(permit, ct);
            permit.Dispose();
            // The place held until the record: while every place was taken, sends that ended could
            // start nothing, and what waited ahead waited for the round, itself busy claiming.
            if (!ct.IsCancellationRequested)
                StartWaitingAhead(time.GetUtcNow().UtcDateTime, ct, most: 1);
        }
    }

    /// <summary>Sends the delivery if its endpoint, as it is now, still takes it; otherwise ends it as Skipped or Cancelled.</summary>
    private async Task SendOrEndAsync(LoadedDelivery work, DeliveryPermit permit, CancellationToken ct)
    {
        var delivery = work.Delivery;
        var endpoint = await endpoints.NowAsync(work, ct);
        if (endpoint is null)
        {
            // Deleted: its deliveries went with it (or, if history is kept, this one ends here).
            await store.CloseAsync(instance.Id, delivery.Id, DeliveryStatus.Cancelled, "Not sent: its endpoint was deleted.", ct);
            notifier.Notify();
            return;
        }
        if (!endpoint.IsEnabled && !delivery.IsTest)
        {
            // Disabled after the delivery was queued: kept as Skipped, for recovery later. (A test,
            // queued again with Retry now, goes even to a disabled endpoint, as the Test button does.)
            await store.CloseAsync(instance.Id, delivery.Id, DeliveryStatus.Skipped, null, ct);
            notifier.Notify();
            return;
        }
        delivery.Endpoint = endpoint;
        if (endpoint.RateLimitPerSecond is > 0 and var rate
            && rateGate.Reserve(delivery.EndpointId, delivery.Id, rate, time.GetUtcNow().UtcDateTime) is { } slot)
        {
            await store.ReleaseAsync(instance.Id, [delivery.Id], slot, ct);
            signal.Wake();
            return;
        }
        await processor.DeliverAsync(delivery, ct, () =>
        {
            // The limits count requests in flight, so their slots are given back as soon as the
            // response is in, not after the settle: settles are committed in batches, and waiting for
            // them held the slots idle per batch commit. The permit's place is kept until the settle,
            // so sent-but-unsettled work stays bounded (DeliveryPermits).
            PassEndpointOn(permit, ct);
        });
    }
}
