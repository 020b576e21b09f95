using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Webhooks.Core.Delivery.Dispatching;

/// <summary>
/// The loop that works the queue, in rounds: plan from the free capacity what to take
/// (<see cref="ClaimPlan"/>), claim it, load it, and hand it to the <see cref="DeliveryRunner"/>,
/// which starts what may start and keeps the rest leased ahead; then go on, wait for a slot, or idle
/// until the next due time or a wake-up. <see cref="RunAsync"/> is the whole loop; the Hangfire
/// server runs it (<see cref="Jobs.DispatcherProcess"/>).
/// </summary>
public sealed class DeliveryDispatcher(
    DeliveryStore store,
    DeliveryRunner runner,
    CurrentEndpoints endpoints,
    ClaimEndings endings,
    DispatcherSignal signal,
    DispatcherInstance instance,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryDispatcher> logger)
{
    /// <summary>The last error of a test the dispatcher finds unsettled after its lease.</summary>
    public const string InterruptedTest = "The test was interrupted before its answer was recorded: the console stopped, or the caller stopped waiting.";

    private readonly DeliveryOptions _options = options.Value;
    // Set by a round that left nothing due outside the endpoints it excluded; lets later rounds that
    // exclude as much skip the database until new work is announced. Rounds reading for an endpoint
    // let back in keep it: they only take rows, so the proof about the others still holds.
    private QuietQueue? _quiet;

    /// <summary>The capacity in use now (for health views and tests).</summary>
    public DeliveryPermits Permits => runner.Permits;

    /// <summary>Deliveries held in memory: running, or leased ahead and waiting.</summary>
    public int Held => runner.Held;

    /// <summary>Works the queue until <paramref name="ct"/> is cancelled, then hands back what it holds.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        logger.LogInformation("Delivery dispatcher {Instance} started", instance.Id);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // A round may wait for a delivery whose task still holds it, which lets go as its
                // attempt is recorded: asked before the round reads anything, withdrawn once it
                // decides on any other wait (a record changes nothing those read).
                signal.WantRecord();
                var result = await RunRoundAsync(ct);
                if (result.Step != RoundStep.WaitForSlot)
                    signal.RecordNotWanted();
                await WaitAsync(result, ct);
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
        await endings.TryReleaseAsync(await runner.StopAsync());
    }

    /// <summary>One round: start what waits ahead, then claim from the queue what the capacity allows.</summary>
    private async Task<RoundResult> RunRoundAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        runner.StartWaitingAhead(now, ct);
        var capacity = runner.Permits.Snapshot();
        var waiting = runner.Waiting();
        var limits = runner.Limits;
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
        // That task lets go before it gives its permit back, and the record that frees its place wakes
        // the next round, which asked for it (DispatcherSignal.WantRecord).
        var held = due.Where(d => runner.Holds(d.Id)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
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
        var after = ClaimPlan.Excluded(runner.Permits.Snapshot(), runner.Waiting(), limits);
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
        IReadOnlyList<string> claimed = [];
        var placed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var due in plan.StartNow)
                if (runner.Permits.TryAcquire(due.EndpointId) is { } permit)
                    permits[due.Id] = permit;
            claimed = await store.ClaimAsync(instance.Id, now, permits.Keys.Concat(plan.LeaseAhead.Select(d => d.Id)).ToList(), ct);

            // A delivery's endpoint never changes: the due read's is the loaded row's.
            var endpointOf = plan.All.ToDictionary(d => d.Id, d => d.EndpointId, StringComparer.Ordinal);
            var stamp = endpoints.Stamp;
            var load = endpoints.AllUnchanged(claimed.Select(id => endpointOf[id])) is { } copies // repeats are skipped
                ? await store.LoadAsync(claimed, ct, copies.GetValueOrDefault, endpointsKnown: true)
                : await store.LoadAsync(claimed, ct, endpoints.Unchanged);
            endpoints.Loaded(stamp, load.Deliveries.Select(d => d.Endpoint!).Distinct());
            foreach (var (id, error) in load.Unreadable)
            {
                await store.CloseAsync(instance.Id, id, DeliveryStatus.Failed, error, ct);
                logger.LogError("Delivery {DeliveryId} failed without an attempt: {Reason}", id, error);
                placed.Add(id);
            }
            foreach (var delivery in load.Deliveries)
            {
                var ended = await endings.TryEndUnfinishedAsync(delivery, ct);
                placed.Add(delivery.Id);
                if (ended)
                    continue;
                permits.Remove(delivery.Id, out var permit);
                runner.Place(new LoadedDelivery(delivery, stamp, now), permit, ct);
            }
            // Sends that ended during the claim and load found nothing ahead and gave their slots
            // back: what this round leased ahead takes them now, not a round later.
            runner.StartWaitingAhead(now, ct);
        }
        finally
        {
            foreach (var permit in permits.Values)
                permit.Dispose();
            var unplaced = claimed.Where(id => !placed.Contains(id)).ToList();
            if (unplaced.Count > 0)
                await endings.HandBackAsync(unplaced);
        }
    }
}
