using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The loop that works the queue, in rounds: plan from the free capacity what to take
/// (<see cref="ClaimPlan"/>), claim it, load it, start what may start and keep the rest leased
/// ahead; then go on, wait for a slot, or idle until the next due time or a wake-up. Each delivery
/// then runs on its own task holding a <see cref="DeliveryPermit"/>: the endpoint as it is now
/// decides whether it is sent, skipped or cancelled, and <see cref="DeliveryProcessor"/> sends and
/// settles it. <see cref="RunAsync"/> is the whole loop; the Hangfire server runs it (<see cref="Jobs.DispatcherProcess"/>).
/// </summary>
public sealed class DeliveryDispatcher(
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
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger)
{
    /// <summary>The last error of a test the dispatcher finds unsettled after its lease.</summary>
    public const string InterruptedTest = "The test was interrupted before its answer was recorded: the console stopped, or the caller stopped waiting.";

    private readonly DeliveryOptions _options = options.Value;
    private readonly DeliveryPermits _permits = new(options.Value.MaxConcurrency, options.Value.MaxConcurrencyPerEndpoint, signal.WakeForCapacity, share, options.Value.MaxUnrecorded);
    private readonly AheadLimits _alone = AheadLimits.From(options.Value);
    private readonly AheadLimits _shared = AheadLimits.Shared(options.Value);
    private readonly LeasedAhead _ahead = new(options.Value.MaxConcurrencyPerEndpoint, options.Value.MaxWaitAhead);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    // Every delivery this process holds (running or waiting ahead), until its task lets go of it:
    // none is claimed or started a second time meanwhile, whatever the clock did (see RunRoundAsync).
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    // Set by a round that left nothing due outside the endpoints it excluded; lets later rounds that
    // exclude as much skip the database until new work is announced. Rounds reading for an endpoint
    // let back in keep it: they only take rows, so the proof about the others still holds.
    private QuietQueue? _quiet;

    private AheadLimits Limits => share.Consoles > 1 ? _shared : _alone;

    /// <summary>The capacity in use now (for health views and tests).</summary>
    public DeliveryPermits Permits => _permits;

    /// <summary>Deliveries held in memory: running, or leased ahead and waiting.</summary>
    public int Held => _held.Count;

    /// <summary>Works the queue until <paramref name="ct"/> is cancelled, then hands back what it holds.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        logger.LogInformation("Delivery dispatcher {Instance} started", instance.Id);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await WaitAsync(await RunRoundAsync(ct), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be busy or briefly gone; nothing is lost, the rows wait.
                _quiet = null;
                logger.LogError(ex, "Delivery dispatcher loop failed; retrying shortly");
                await signal.WaitAsync(_options.MaxPollInterval, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        // Sends in flight were cancelled by the same token; wait while they hand their leases back.
        await Task.WhenAll(_running.Keys);
        var waiting = _ahead.Drain();
        foreach (var work in waiting)
            _held.TryRemove(work.Id, out _);
        await endings.TryReleaseAsync(waiting.Select(w => w.Id).ToList());
    }

    /// <summary>One round: start what waits ahead, then claim from the queue what the capacity allows.</summary>
    private async Task<RoundResult> RunRoundAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        StartWaitingAhead(now, ct);
        var capacity = _permits.Snapshot();
        var waiting = _ahead.Waiting();
        var limits = Limits;
        if (!ClaimPlan.WorthClaiming(capacity, waiting, limits, _options.BatchSize))
            return RoundResult.WaitForSlot;

        var excluded = ClaimPlan.Excluded(capacity, waiting, limits);
        var work = signal.Work;
        if (_quiet?.Holds(work, excluded, now) == true)
            return RoundResult.Idle(_quiet.Until - now);

        var wanted = ClaimPlan.Wanted(capacity, waiting, limits, _options.BatchSize);
        var due = await store.DueAsync(now, wanted, excluded, ct);
        if (due.Count == 0)
            return RoundResult.Idle(await QuietAsync(work, excluded, now, ct));
        // A row still held here is never claimed. Either its lease ran out while it ran (a stalled
        // process, a clock step): the lease is renewed, so nobody else takes it. Or its attempt is
        // already recorded and the retry due (a short schedule), but its task has not let go yet:
        // a claim would set a lease nobody acts on, and the delivery would wait for it to expire.
        // That task lets go before it gives its permit back, and the permit wakes the next round.
        var held = due.Where(d => _held.ContainsKey(d.Id)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        if (held.Count > 0)
            await store.RenewAsync(instance.Id, now, held, ct);
        if (held.Count == due.Count)
            return RoundResult.WaitForSlot;
        var plan = ClaimPlan.Make(due.Where(d => !held.Contains(d.Id)).ToList(), capacity, waiting, limits);
        await ClaimLoadAndStartAsync(plan, now, ct);
        if (due.Count == wanted)
            return RoundResult.Continue;
        // Every due row outside the exclusion was read. Some endpoints may be left out now that were
        // not before the claim: the next due time leaves out what a round would leave out now, and
        // it proves the queue quiet only if every row left behind belongs to those endpoints.
        var after = ClaimPlan.Excluded(_permits.Snapshot(), _ahead.Waiting(), limits);
        var taken = plan.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        if (due.All(d => held.Contains(d.Id) || taken.Contains(d.Id) || after.Contains(d.EndpointId)))
            return RoundResult.Idle(await QuietAsync(work, after, now, ct));
        return RoundResult.Idle(IdleWait(now, await store.NextDueAsync(now, after, ct)));
    }

    /// <summary>
    /// The wait until the next due time outside <paramref name="excluded"/>, once nothing outside it
    /// is due; remembered as <see cref="_quiet"/>, so rounds that leave out as much skip the
    /// database until <paramref name="work"/> moves on. The read of the next due time walks the
    /// excluded endpoints' backlog: once per announcement of work, not once per refill.
    /// </summary>
    private async Task<TimeSpan> QuietAsync(long work, IReadOnlyCollection<string> excluded, DateTime now, CancellationToken ct)
    {
        var wait = IdleWait(now, await store.NextDueAsync(now, excluded, ct));
        _quiet = new QuietQueue(work, excluded, now + wait);
        return wait;
    }

    private TimeSpan IdleWait(DateTime now, DateTime? next) =>
        next is { } at && at - now < _options.MaxPollInterval
            ? (at <= now ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Ceiling((at - now).TotalMilliseconds)))
            : _options.MaxPollInterval;

    private Task WaitAsync(RoundResult result, CancellationToken ct) => result.Step switch
    {
        // Every permit given back wakes the signal: the poll interval is only a backstop.
        RoundStep.WaitForSlot => signal.WaitAsync(_options.MaxPollInterval, ct),
        RoundStep.Idle when result.Wait > TimeSpan.Zero => signal.WaitAsync(result.Wait, ct),
        _ => Task.CompletedTask,
    };

    /// <summary>
    /// Claims the plan, loads what was claimed, and starts it or keeps it waiting ahead. Whatever was
    /// taken but not placed by the end (the claim or load failed, the process is stopping) is given
    /// back in the one <c>finally</c>: unused permits, and leases of claimed rows.
    /// </summary>
    private async Task ClaimLoadAndStartAsync(ClaimPlan plan, DateTime now, CancellationToken ct)
    {
        var permits = new Dictionary<string, DeliveryPermit>(StringComparer.Ordinal);
        IReadOnlyList<ClaimedDelivery> claimed = [];
        var placed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var due in plan.StartNow)
                if (_permits.TryAcquire(due.EndpointId) is { } permit)
                    permits[due.Id] = permit;
            claimed = await store.ClaimAsync(instance.Id, now, permits.Keys.Concat(plan.LeaseAhead.Select(d => d.Id)).ToList(), ct);

            var toLoad = new List<string>(claimed.Count);
            var claims = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var c in claimed)
            {
                if (await endings.TryEndUnfinishedAsync(c, ct))
                    placed.Add(c.Id);
                else
                {
                    toLoad.Add(c.Id);
                    claims[c.Id] = c.UnsettledClaims;
                }
            }

            var stamp = endpoints.Stamp;
            var load = await store.LoadAsync(toLoad, ct);
            foreach (var (id, error) in load.Unreadable)
            {
                await store.CloseAsync(instance.Id, id, DeliveryStatus.Failed, error, ct);
                logger.LogError("Delivery {DeliveryId} failed without an attempt: {Reason}", id, error);
                placed.Add(id);
            }
            foreach (var delivery in load.Deliveries)
            {
                var work = new LoadedDelivery(delivery, stamp, now, claims[delivery.Id]);
                _held.TryAdd(work.Id, 0);
                placed.Add(work.Id);
                if (permits.Remove(work.Id, out var permit))
                    Start(work, permit, ct);
                else
                    _ahead.Add(work);
            }
            // Sends that ended during the claim and load found nothing ahead and gave their slots
            // back: what this round leased ahead takes them now, not a round later.
            StartWaitingAhead(now, ct);
        }
        finally
        {
            foreach (var permit in permits.Values)
                permit.Dispose();
            var unplaced = claimed.Select(c => c.Id).Where(id => !placed.Contains(id)).ToList();
            if (unplaced.Count > 0)
                await endings.HandBackAsync(unplaced);
        }
    }

    /// <summary>
    /// Starts deliveries leased ahead whose endpoints have a slot, at most <paramref name="most"/>:
    /// at each round, and for one each time a send ends without one of its own endpoint's to pass
    /// its slot to (<see cref="PassEndpointOn"/>) or gives its place back (<see cref="RunOneAsync"/>).
    /// </summary>
    private void StartWaitingAhead(DateTime now, CancellationToken ct, int most = int.MaxValue)
    {
        var started = 0;
        foreach (var endpointId in _ahead.Endpoints())
        {
            while (started < most && _permits.TryAcquire(endpointId) is { } permit)
            {
                if (TakeAhead(endpointId, now) is not { } next)
                {
                    permit.Dispose();
                    break;
                }
                Start(next, permit, ct);
                started++;
            }
            if (started == most || _permits.FreeSlots == 0)
                return;
        }
    }

    private LoadedDelivery? TakeAhead(string endpointId, DateTime now)
    {
        var stale = new List<LoadedDelivery>();
        var next = _ahead.Take(endpointId, now, stale, out var left);
        // Crossing the low water is what lets a round refill the endpoint (ClaimPlan.Excluded). Left
        // to the wake-ups of finished settles, the round came a batch commit late, when the endpoint's
        // sends had emptied its queue, and they stood idle through the refill's claim and load.
        if (next is not null && left == Limits.LowWater - 1)
            signal.WakeForCapacity();
        foreach (var work in stale)
            _held.TryRemove(work.Id, out _);
        if (stale.Count > 0)
            _ = endings.HandBackAsync(stale.Select(w => w.Id).ToList());
        return next;
    }

    /// <summary>Runs one delivery on its own task; <paramref name="permit"/> is given back when it ends.</summary>
    private void Start(LoadedDelivery work, DeliveryPermit permit, CancellationToken ct)
    {
        var task = Task.Run(() => RunOneAsync(work, permit, ct), CancellationToken.None);
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
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
            Start(work, next, ct);
            return;
        }
        else
            next.Dispose();
        // Nothing waits for this endpoint: the slot goes to another endpoint's delivery waiting ahead.
        // Left to the rounds it stayed free while the round waited on its claim (the single writer),
        // and with 64 endpoints, each with a few waiting, no request was out a tenth of the time.
        StartWaitingAhead(now, ct, most: 1);
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
